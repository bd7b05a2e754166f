#include "render/site.h"

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include "render/markdown.h"
#include "render/pages.h"
#include "render/urls.h"
#include "render/view.h"
#include "util/parallel.h"
#include "write/csv.h"
#include "write/icalendar.h"
#include "write/json_export.h"
#include "write/manifest.h"

namespace annals {

namespace {

// The files besides the pages, linked from every page's footer and from home.
constexpr const char kFeed[] = "feed.xml";
constexpr const char kCalendar[] = "meetings.ics";
constexpr const char kSitemap[] = "sitemap.xml";
constexpr const char kJson[] = "archive.json";
constexpr const char kActionsCsv[] = "actions.csv";
constexpr const char kQuestionsCsv[] = "questions.csv";
constexpr const char kStylesheet[] = "style.css";

// The page's address for canonical links, feeds and the sitemap: absolute under the
// archive's base URL when it has one, else relative to the site root.
std::string SiteUrl(const Archive& a, const std::string& path) {
  if (a.settings.base_url.empty()) return path.empty() ? "./" : path;
  return AbsoluteUrl(a.settings.base_url, path);
}

// A UTC moment (days since 1970, minutes into the day) in the layout `format` asks
// for: year, month, day, hour, minute, in that order.
std::string FormatUtc(const char* format, long day, int minutes) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char text[32];
  std::snprintf(text, sizeof text, format, static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), minutes / 60,
                minutes % 60);
  return text;
}

// "2018-08-30T00:00:00Z", for Atom.
std::string Rfc3339(long day, int minutes = 0) {
  return FormatUtc("%04d-%02u-%02uT%02d:%02d:00Z", day, minutes);
}

// The archive's own date, `as_of` (required), for the feed's and calendar's own
// timestamps. Never the clock, so that two builds of the same sources are identical.
long ArchiveDay(const Archive& a) { return a.settings.as_of.LastDay(); }

// A meeting's moment as an RFC 3339 UTC time, from its date (and time, when recorded).
std::string MeetingTimestamp(const Meeting& m) {
  std::optional<UtcMoment> start = MeetingStartUtc(m);
  return start ? Rfc3339(start->day, start->minutes) : Rfc3339(m.date.FirstDay());
}

// Atom ids must never change: the page's URL under the base URL, or else a URN built
// from the archive's path, which is permanent too.
std::string AtomId(const Archive& a, const std::string& path) {
  if (!a.settings.base_url.empty()) return SiteUrl(a, path);
  std::string id = "urn:annals:" + path;
  if (!id.empty() && id.back() == '/') id.pop_back();
  return id;
}

// An entry of the feed: a meeting's, or an answer's (`answer` of `question`).
struct FeedEntry {
  int meeting = -1, question = -1;
  size_t answer = 0;
};

// Where a frame's list of entries ({{{entries}}} in the feed, {{{urls}}} in the sitemap)
// stands while the frame is rendered: no content file or template holds control
// characters.
constexpr std::string_view kEntriesMark = "\x02entries\x03";

// Renders the template `frame` with `context`, whose field `list` is where the entries
// go, into `out`: the frame, and `entries` where the list stands, each entry rendered
// by itself, so that a file of 100,000 entries is never one template's data. A frame
// that places the entries more than once gets them made once, whole, and not as pieces;
// one that does not place them is written as it is.
void RenderAroundEntries(const TemplateSet& templates, const std::string& frame, Json context,
                         const std::string& list, ByteOut& out, const MakePiece& piece,
                         const std::function<void(ByteOut& out, const MakePiece& piece)>& entries) {
  context[list] = kEntriesMark;
  const std::string text = templates.Render(frame, std::move(context));
  const size_t mark = text.find(kEntriesMark);
  if (mark == std::string::npos) return out.Append(text);
  const std::string_view rest = std::string_view(text).substr(mark + kEntriesMark.size());
  out.Append(std::string_view(text).substr(0, mark));
  if (rest.find(kEntriesMark) == std::string_view::npos) {
    entries(out, piece);
    return out.Append(rest);
  }
  StringOut whole;
  entries(whole, EveryPieceInto(whole));
  out.Append(whole.text());
  for (size_t from = 0;;) {
    const size_t next = rest.find(kEntriesMark, from);
    if (next == std::string_view::npos) return out.Append(rest.substr(from));
    out.Append(rest.substr(from, next - from));
    out.Append(whole.text());
    from = next + kEntriesMark.size();
  }
}

// The feed, into `out`: its frame from feed.xml, and an entry from _feed_entry for each
// meeting and answer, newest first, each a piece named after its record ("meeting:<id>",
// "answer:<question id>:<n>").
void RenderFeed(const Archive& a, const TemplateSet& templates, ByteOut& out,
                const MakePiece& piece) {
  View v(a, "");
  std::vector<FeedEntry> sources;
  std::vector<std::string> updated;
  const long archive_day = ArchiveDay(a);
  for (int m : a.meetings_by_date)
    if (a.meetings[m].date.has_year()) {
      sources.push_back({m, -1, 0});
      updated.push_back(MeetingTimestamp(a.meetings[m]));
    }
  for (int q = 0; q < static_cast<int>(a.questions.size()); ++q)
    for (size_t n = 0; n < a.questions[q].answers.size(); ++n) {
      const PartialDate& date = a.questions[q].answers[n].date;
      sources.push_back({-1, q, n});
      // An answer whose date the records do not give is dated by the archive itself.
      updated.push_back(Rfc3339(date.has_year() ? date.FirstDay() : archive_day));
    }
  // Newest first, ties in archive order, as feed readers show them.
  std::vector<size_t> order(sources.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return updated[x] > updated[y]; });
  // An entry reads its record whole, which covers its `updated`.
  auto entry = [&](size_t i) {
    const FeedEntry& source = sources[i];
    if (source.meeting >= 0) {
      const Meeting& meeting = a.meetings[source.meeting];
      std::string path = RecordPath(a, {Kind::kMeeting, source.meeting});
      return Json{{"title", meeting.title + " (" + meeting.date.ToDisplay() + ")"},
                  {"id", AtomId(a, path)},
                  {"href", SiteUrl(a, path)},
                  {"updated", updated[i]},
                  {"summary", v.Summary(meeting.notes, 400)}};
    }
    const int q = source.question;
    const Question& question = a.questions[q];
    const Answer& answer = question.answers[source.answer];
    std::string path = RecordPath(a, {Kind::kQuestion, q});
    std::string anchor = AnswerAnchor(question, static_cast<int>(source.answer + 1));
    std::string by = answer.by ? RecordLabel(a, {Kind::kPerson, answer.by->target}) : "";
    return Json{{"title", "Answer to " + RecordLabel(a, {Kind::kQuestion, q}) +
                              (by.empty() ? "" : " by " + by)},
                {"id", AtomId(a, path) + (a.settings.base_url.empty() ? ":" : "#") + anchor},
                {"href", SiteUrl(a, path) + "#" + anchor},
                {"updated", updated[i]},
                {"summary", v.Summary(answer.text, 400)}};
  };
  auto name = [&](size_t i) {
    const FeedEntry& source = sources[i];
    return source.meeting >= 0 ? "meeting:" + a.IdOf({Kind::kMeeting, source.meeting})
                               : "answer:" + a.IdOf({Kind::kQuestion, source.question}) + ":" +
                                     std::to_string(source.answer + 1);
  };
  Json context = {
      {"title", a.settings.title},
      {"subtitle", a.settings.review},
      {"lang", a.settings.language},
      {"id", AtomId(a, "")},
      {"self", SiteUrl(a, kFeed)},
      {"home", SiteUrl(a, "")},
      {"updated", Rfc3339(archive_day)},
      {"publisher", a.settings.publisher == "not recorded" ? "" : a.settings.publisher}};
  RenderAroundEntries(templates, "feed.xml", std::move(context), "entries", out, piece,
                      [&](ByteOut&, const MakePiece& piece) {
                        for (size_t i : order)
                          piece(name(i), [&] { return templates.Render("_feed_entry", entry(i)); });
                      });
}

// "20170606", for an all-day event.
std::string IcalDate(long day) { return FormatUtc("%04d%02u%02u", day, 0); }

// "20170606T210000Z", for a timed event.
std::string IcalUtc(UtcMoment moment) {
  return FormatUtc("%04d%02u%02uT%02d%02d00Z", moment.day, moment.minutes);
}

std::string RenderCalendar(const Archive& a) {
  View v(a, "");
  std::string domain = "annals.invalid";
  if (!a.settings.base_url.empty()) {
    std::string url = a.settings.base_url;
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    domain = url.substr(start, url.find('/', start) - start);
  }
  std::string stamp = IcalDate(ArchiveDay(a)) + "T000000Z";
  std::vector<IcalEvent> events;
  for (int m : a.meetings_by_date) {
    const Meeting& meeting = a.meetings[m];
    if (!meeting.date.is_full()) continue;  // a calendar needs the day
    IcalEvent event;
    event.uid = meeting.id + "@" + domain;
    event.dtstamp = stamp;
    if (std::optional<UtcMoment> start = MeetingStartUtc(meeting)) {
      event.start = IcalUtc(*start);
    } else {
      event.start = IcalDate(meeting.date.FirstDay());
      event.end = IcalDate(meeting.date.FirstDay() + 1);
    }
    event.summary = meeting.title;
    std::string agenda;
    for (size_t i = 0; i < meeting.agenda.size(); ++i)
      agenda += std::to_string(i + 1) + ". " + meeting.agenda[i].title + "\n";
    event.description = agenda.empty() ? v.Summary(meeting.notes, 400) : "Agenda:\n" + agenda;
    if (!a.settings.base_url.empty()) event.url = SiteUrl(a, RecordPath(a, {Kind::kMeeting, m}));
    events.push_back(std::move(event));
  }
  return IcalCalendar("-//annals//" + a.settings.title + "//EN", a.settings.title, events);
}

// The pages the sitemap lists: all but the redirects and the notices.
std::vector<const PagePlan*> SitemapPages(const std::vector<PagePlan>& plans) {
  std::vector<const PagePlan*> pages;
  for (const PagePlan& plan : plans)
    if (plan.template_name != "redirect" && plan.template_name != "not_found" &&
        plan.template_name != "withdrawn")
      pages.push_back(&plan);
  return pages;
}

// How many files the sitemap's URLs are split into besides sitemap.xml: none when
// they fit in one.
size_t SitemapParts(size_t urls) {
  return urls <= kSitemapUrls ? 0 : (urls + kSitemapUrls - 1) / kSitemapUrls;
}

// "sitemap1.xml" for the first part, as Zola names them.
std::string SitemapPartPath(size_t part) { return "sitemap" + std::to_string(part + 1) + ".xml"; }

// Whether `path` is a part of a split sitemap: "sitemap<n>.xml", n from 1.
bool IsSitemapPart(std::string_view path) {
  constexpr std::string_view kStart = "sitemap", kEnd = ".xml";
  if (path.size() <= kStart.size() + kEnd.size() || !path.starts_with(kStart) ||
      !path.ends_with(kEnd))
    return false;
  const std::string_view number =
      path.substr(kStart.size(), path.size() - kStart.size() - kEnd.size());
  return number.front() != '0' && number.find_first_not_of("0123456789") == std::string_view::npos;
}

// A sitemap of `pages`: its frame from sitemap.xml, and a URL from _sitemap_url for each.
void RenderUrlset(const Archive& a, const TemplateSet& templates,
                  std::span<const PagePlan* const> pages, ByteOut& out) {
  RenderAroundEntries(
      templates, "sitemap.xml", Json::object(), "urls", out, EveryPieceInto(out),
      [&](ByteOut& out, const MakePiece&) {
        for (const PagePlan* page : pages)
          out.Append(templates.Render("_sitemap_url", {{"loc", SiteUrl(a, page->path)}}));
      });
}

// The index of a sitemap split into `parts` files, from sitemap_index.xml.
std::string RenderSitemapIndex(const Archive& a, const TemplateSet& templates, size_t parts) {
  Json sitemaps = Json::array();
  for (size_t part = 0; part < parts; ++part)
    sitemaps.push_back({{"loc", SiteUrl(a, SitemapPartPath(part))}});
  return templates.Render("sitemap_index.xml", {{"sitemaps", std::move(sitemaps)}});
}

std::string PlainText(const Archive& a, const Markdown& markdown) {
  return PlainSummary(markdown, a, 0);
}

std::string Ids(const std::vector<Ref>& refs) {
  std::string out;
  for (const Ref& ref : refs) out += (out.empty() ? "" : "; ") + ref.id;
  return out;
}

std::string OptionalId(const std::optional<Ref>& ref) { return ref ? ref->id : "not recorded"; }

// The CSV header, then the row of each record of `kind`, `row(index)`, as a piece named
// after the record, into `out`.
template <typename Row>
void CsvOfRecords(const Archive& a, Kind kind, int count, std::vector<std::string> header,
                  ByteOut& out, const MakePiece& piece, const Row& row) {
  const CsvWriter csv(std::move(header));
  out.Append(csv.str());
  for (int i = 0; i < count; ++i)
    piece(std::string(KindKeyword(kind)) + ":" + a.IdOf({kind, i}),
          [&] { return csv.Row(row(i)); });
}

std::vector<std::string> ActionRow(const Archive& a, int i) {
  const ActionItem& item = a.actions[i];
  std::string progress;
  for (const StatusEntry& entry : item.history) {
    if (entry.update < 0) continue;
    const Meeting& m = a.meetings[entry.meeting];
    std::string note = PlainText(a, m.status_updates[entry.update].note);
    progress += (progress.empty() ? "" : "\n") + m.date.ToString() + " (" + m.id +
                "): " + ActionStatusName(entry.status) + (note.empty() ? "" : ". " + note);
  }
  std::string origin_date =
      item.origin ? a.meetings[item.origin->target].date.ToString() : "not recorded";
  return {item.id,
          item.category,
          OptionalId(item.origin),
          origin_date,
          PlainText(a, item.text),
          item.owners ? Ids(*item.owners) : "not recorded",
          item.due.ToString(),
          ActionStatusName(item.status),
          item.overdue ? "yes" : "no",
          progress,
          item.completed ? PlainText(a, item.completed->response) : "",
          item.completed ? item.completed->date.ToString() : "",
          RecordPath(a, {Kind::kAction, i})};
}

void ActionsCsv(const Archive& a, ByteOut& out, const MakePiece& piece) {
  CsvOfRecords(
      a, Kind::kAction, static_cast<int>(a.actions.size()),
      {"id", "category", "origin meeting", "origin date", "request", "owners", "due date", "status",
       "overdue", "progress notes", "completed response", "completion date", "page"},
      out, piece, [&](int i) { return ActionRow(a, i); });
}

std::vector<std::string> QuestionRow(const Archive& a, int q) {
  const Question& question = a.questions[q];
  const Briefing& b = a.briefings[question.briefing];
  std::string by, dates;
  for (const Answer& answer : question.answers) {
    by += (by.empty() ? "" : "; ") + OptionalId(answer.by);
    dates += (dates.empty() ? "" : "; ") + answer.date.ToString();
  }
  std::string meeting_date =
      b.meeting ? a.meetings[b.meeting->target].date.ToString() : "not recorded";
  return {question.id,
          b.id,
          b.area,
          question.number,
          PlainText(a, question.text),
          OptionalId(question.asker),
          OptionalId(b.meeting),
          meeting_date,
          question.recommendation ? question.recommendation->id : "",
          QuestionStatusName(question.status),
          std::to_string(question.answers.size()),
          by,
          dates,
          RecordPath(a, {Kind::kQuestion, q})};
}

void QuestionsCsv(const Archive& a, ByteOut& out, const MakePiece& piece) {
  CsvOfRecords(a, Kind::kQuestion, static_cast<int>(a.questions.size()),
               {"id", "briefing", "area", "number", "question", "asker", "meeting", "meeting date",
                "recommendation", "status", "answers", "answered by", "answer dates", "page"},
               out, piece, [&](int q) { return QuestionRow(a, q); });
}

// What every page's layout shows besides the page itself.
Json LayoutContext(const Archive& a, const Page& page) {
  View v(a, IsFolder(page.path) ? page.path : "", page.template_name == "not_found");
  const std::string& section = page.context["section"].get_ref<const std::string&>();
  Json nav = Json::array();
  for (auto [key, label] : {std::pair{"meetings", "Meetings"},
                            {"recommendations", "Recommendations"},
                            {"questions", "Questions"},
                            {"actions", "Action items"},
                            {"people", "People"},
                            {"documents", "Documents"}})
    nav.push_back(
        {{"href", v.Href(std::string(key) + "/")}, {"label", label}, {"current", section == key}});
  const ArchiveSettings& s = a.settings;
  return {{"lang", s.language},
          {"title", s.title},
          {"review", s.review},
          {"publisher", s.publisher == "not recorded" ? "" : s.publisher},
          {"licence", s.licence == "not recorded" ? "" : s.licence},
          {"as_of", v.Date(s.as_of)},
          {"root", RootPrefix(v.page())},
          {"home_href", v.Href("")},
          {"stylesheet_href", v.Href(kStylesheet)},
          {"feed_href", v.Href(kFeed)},
          {"calendar_href", v.Href(kCalendar)},
          {"json_href", v.Href(kJson)},
          {"actions_csv_href", v.Href(kActionsCsv)},
          {"questions_csv_href", v.Href(kQuestionsCsv)},
          {"sitemap_href", v.Href(kSitemap)},
          {"manifest_href", v.Href(kManifestName)},
          {"canonical", s.base_url.empty() || !IsFolder(page.path) ? "" : SiteUrl(a, page.path)},
          {"nav", std::move(nav)}};
}

std::string PlanFile(const PagePlan& plan) {
  return IsFolder(plan.path) ? plan.path + "index.html" : plan.path;
}

// What the layout shows around the page's own template: only these, so that the page's
// data is not handed to the template engine a second time.
constexpr const char* kLayoutKeys[] = {"title",   "description", "breadcrumbs",
                                       "is_home", "target",      "noindex"};

}  // namespace

void CheckAddressChanges(const Archive& a, DiagnosticSink& sink) {
  std::set<std::string> published = {kFeed,       kCalendar,     kSitemap,     kJson,
                                     kActionsCsv, kQuestionsCsv, kManifestName};
  const std::vector<PagePlan> plans = PlanPages(a);
  for (size_t part = 0; part < SitemapParts(SitemapPages(plans).size()); ++part)
    published.insert(SitemapPartPath(part));
  for (const PagePlan& plan : plans)
    if (plan.template_name != "withdrawn" &&
        !(plan.template_name == "redirect" && plan.build().context.value("kind", "") == "page"))
      published.insert(PlanFile(plan));
  for (const auto& [list, field] :
       {std::pair{&a.settings.moved, "moved"}, std::pair{&a.settings.withdrawn, "withdrawn"}})
    for (const AddressChange& change : *list)
      if (published.count(change.is_page() ? change.address + "index.html" : change.address))
        sink.Error(change.where,
                   "'" + change.address + "' is listed as " + field +
                       ", but the archive still publishes it",
                   "remove it from '" + std::string(field) + "'");
}

void CheckKeptAddresses(const Archive& a, const std::set<std::string>& files,
                        const std::vector<ManifestEntry>& published, DiagnosticSink& sink) {
  std::set<std::string> withdrawn;
  for (const AddressChange& change : a.settings.withdrawn) withdrawn.insert(change.address);
  for (const ManifestEntry& file : published) {
    if (files.count(file.path)) continue;
    std::string address = file.path;
    if (std::string_view(address).ends_with("index.html") &&
        (address.size() == 10 || address[address.size() - 11] == '/'))
      address.erase(address.size() - 10);
    if (withdrawn.count(address)) continue;
    // A part of a split sitemap is no address a reader cites: the index, sitemap.xml,
    // names the parts there are.
    if (IsSitemapPart(file.path)) continue;
    // A page of a long index, or of a person's or recommendation's lists, vanishes when
    // they get shorter.
    auto [what, id, pages_of] = DescribeAddress(file.path);
    sink.Error(
        file.where,
        "the published address '" + (address.empty() ? "./" : address) + "' would vanish" +
            (what.empty() ? "" : ": " + what + " is no longer in the archive"),
        !pages_of.empty()
            ? pages_of +
                  " has fewer pages now; list the address in archive.yaml "
                  "under 'withdrawn', or build with --reset-urls to start afresh"
            : (id.empty() ? std::string()
                          : "if it was renamed, list '" + id + "' in the new record's aliases; ") +
                  "list the address in archive.yaml under 'moved' or 'withdrawn'; "
                  "or build with --reset-urls to start afresh");
  }
}

namespace {

// Makes a file from the whole archive into `out`, its pieces (model/reads.h) with `piece`.
using MakeWhole = std::function<void(ByteOut& out, const MakePiece& piece)>;

// A file the site makes from the whole archive rather than page by page.
struct WholeSiteFile {
  std::string path;
  MakeWhole make;
  bool reusable;  // see PagePlan::reusable
};

// The sitemap's files: sitemap.xml of every page; or, past kSitemapUrls pages, as the
// sitemaps protocol asks, sitemap.xml as the index of sitemap1.xml, sitemap2.xml, …, each
// of kSitemapUrls pages but the last. Made from the plans, not from reads of the archive.
std::vector<WholeSiteFile> SitemapFiles(const Archive& a, const TemplateSet& templates,
                                        const std::vector<PagePlan>& plans) {
  auto pages = std::make_shared<const std::vector<const PagePlan*>>(SitemapPages(plans));
  const size_t parts = SitemapParts(pages->size());
  if (parts == 0)
    return {{kSitemap,
             [&a, &templates, pages](ByteOut& out, const MakePiece&) {
               RenderUrlset(a, templates, *pages, out);
             },
             false}};
  std::vector<WholeSiteFile> files = {{kSitemap,
                                       [&a, &templates, parts](ByteOut& out, const MakePiece&) {
                                         out.Append(RenderSitemapIndex(a, templates, parts));
                                       },
                                       false}};
  for (size_t part = 0; part < parts; ++part)
    files.push_back({SitemapPartPath(part),
                     [&a, &templates, pages, part](ByteOut& out, const MakePiece&) {
                       const size_t begin = part * kSitemapUrls;
                       RenderUrlset(a, templates,
                                    std::span(*pages).subspan(
                                        begin, std::min(kSitemapUrls, pages->size() - begin)),
                                    out);
                     },
                     false});
  return files;
}

std::vector<WholeSiteFile> WholeSiteFiles(const Archive& a, const TemplateSet& templates,
                                          const std::vector<PagePlan>& plans) {
  // The largest first, so that the others share the other cores meanwhile.
  std::vector<WholeSiteFile> files = {
      {kJson, [&](ByteOut& out, const MakePiece& piece) { ArchiveToJson(a, out, piece); }, true},
      {kFeed, [&](ByteOut& out, const MakePiece& piece) { RenderFeed(a, templates, out, piece); },
       true},
      {kCalendar, [&](ByteOut& out, const MakePiece&) { out.Append(RenderCalendar(a)); }, true},
      {kActionsCsv, [&](ByteOut& out, const MakePiece& piece) { ActionsCsv(a, out, piece); }, true},
      {kQuestionsCsv, [&](ByteOut& out, const MakePiece& piece) { QuestionsCsv(a, out, piece); },
       true},
  };
  for (WholeSiteFile& file : SitemapFiles(a, templates, plans)) files.push_back(std::move(file));
  return files;
}

}  // namespace

std::map<std::string, std::string> RenderSitemap(const Archive& a, const TemplateSet& templates,
                                                 const std::vector<PagePlan>& plans) {
  std::map<std::string, std::string> files;
  for (const WholeSiteFile& file : SitemapFiles(a, templates, plans)) {
    StringOut out;
    file.make(out, EveryPieceInto(out));
    files[file.path] = std::move(out.text());
  }
  return files;
}

namespace {

// The plans rendered: for each file, the first plan that has it. A moved or withdrawn
// address where a record's page still is: the record's page stays (CheckAddressChanges
// reports the mistake).
std::vector<size_t> ShownPlans(const std::vector<PagePlan>& plans) {
  std::vector<size_t> shown;
  std::set<std::string> taken;
  for (size_t i = 0; i < plans.size(); ++i)
    if (taken.insert(PlanFile(plans[i])).second) shown.push_back(i);
  return shown;
}

std::string RenderPage(const Archive& a, const TemplateSet& templates, Page page) {
  Json site = LayoutContext(a, page);
  Json context = std::move(page.context);
  context["site"] = site;
  Json layout = {{"site", std::move(site)}};
  for (const char* key : kLayoutKeys)
    if (context.contains(key)) layout[key] = context[key];
  // The page's own data is used up by rendering its body, before the layout is rendered.
  layout["body"] = templates.Render(page.template_name, std::move(context));
  return templates.Render("layout", std::move(layout));
}

}  // namespace

std::set<std::string> SitePaths(const Archive& a, const TemplateSet& templates) {
  return SitePaths(a, templates, PlanPages(a));
}

std::set<std::string> SitePaths(const Archive& a, const TemplateSet& templates,
                                const std::vector<PagePlan>& plans) {
  std::set<std::string> paths = {kManifestName};
  for (const WholeSiteFile& file : WholeSiteFiles(a, templates, plans)) paths.insert(file.path);
  for (const PagePlan& plan : plans) paths.insert(PlanFile(plan));
  for (const auto& [path, bytes] : templates.assets()) paths.insert(path);
  return paths;
}

namespace {

// The previous build's memo entry of the file at `path`, and which of its pieces are
// unchanged; null when there is none.
MemoEntry* PreviousEntry(const std::string& path, Reuse* reuse, std::vector<char>* unchanged) {
  if (!reuse->previous) return nullptr;
  auto found = reuse->previous->files.find(path);
  if (found == reuse->previous->files.end()) return nullptr;
  const std::vector<MemoPiece>& pieces = found->second.pieces;
  unchanged->resize(pieces.size());
  for (size_t i = 0; i < pieces.size(); ++i)
    (*unchanged)[i] = reuse->previous->ReadsUnchanged(pieces[i].reads);
  return &found->second;
}

// Keeps the previous build's file at `path` when nothing it read has changed.
// `name`: what the file's key sums for it (FileKeyName).
bool KeepPrevious(const std::string& path, const std::string& name, MemoEntry* previous,
                  const std::vector<char>& unchanged, Reuse* reuse, NextMemoFile* entry) {
  if (!previous) return false;
  // A page whose key sums its plan's (an index page) is checked by its key; every
  // other file by the digests its reads saw, which the memo keeps.
  const bool same = name == path ? reuse->previous->Unchanged(*previous, unchanged)
                                 : Unchanged(name, *previous, *reuse->digests, unchanged);
  if (!same || !reuse->keep(path, previous->sum, previous->size)) return false;
  entry->kept = previous;
  ++reuse->kept;
  return true;
}

// What a file's key sums for it: its path and, for a page, its plan's key.
std::string FileKeyName(const std::string& path, const std::string& plan_key) {
  return plan_key.empty() ? path : path + '\n' + plan_key;
}

// Makes the page at `path` with `make` and hands it to `sink`, or, with `reuse`, keeps
// the previous build's file when nothing it read, nor its plan's key, has changed.
// `entry` receives what the memo records of the file.
Status MakePageFile(const std::string& path, const PagePlan& plan,
                    const std::function<std::string()>& make, const FileSink& sink, Reuse* reuse,
                    NextMemoFile* entry) {
  if (!reuse || !plan.reusable) return sink.add(path, make());
  const std::string name = FileKeyName(path, plan.key ? plan.key() : "");
  std::vector<char> unchanged;
  MemoEntry* previous = PreviousEntry(path, reuse, &unchanged);
  if (KeepPrevious(path, name, previous, unchanged, reuse, entry)) return Status::Ok();
  MemoEntry made;
  ReadLog log;
  std::string bytes;
  {
    ReadLog::Scope scope(&log);
    bytes = make();
  }
  made.reads = log.Take();
  made.size = static_cast<long long>(bytes.size());
  // Every read is of a record the archive has, so the key exists.
  if (name == path || FileKey(name, made.reads, *reuse->digests, &made.key))
    entry->made = reuse->scratch->Add(made);
  return sink.add(path, bytes);
}

// Makes the file at `path` from the whole archive with `make`, a part at a time, into
// the sink; or, with `reuse`, keeps the previous build's file when nothing it read has
// changed, and takes each of its pieces whose reads have not changed from it.
Status MakeWholeFile(const std::string& path, bool reusable, const MakeWhole& make,
                     const FileSink& sink, Reuse* reuse, NextMemoFile* entry) {
  reuse = reusable ? reuse : nullptr;
  std::vector<char> unchanged;
  MemoEntry* previous = reuse ? PreviousEntry(path, reuse, &unchanged) : nullptr;
  if (reuse && KeepPrevious(path, path, previous, unchanged, reuse, entry)) return Status::Ok();
  std::unique_ptr<FileOut> out;
  if (Status s =
          sink.open(path, previous ? previous->sum : "", previous ? previous->size : -1, &out);
      !s.ok())
    return s;
  if (!reuse) {
    make(*out, EveryPieceInto(*out));
    return out->Close();
  }
  // The previous file's piece of a name, when it is unchanged. Pieces come in the order
  // they came before, but for those added or gone: each is looked for just after the one
  // before it, and by name (the names indexed then, once) only when it is not there.
  std::vector<MemoPiece>* const old_pieces = previous ? &previous->pieces : nullptr;
  size_t next_old = 0;
  std::unordered_map<std::string_view, size_t> old_by_name;
  auto old_piece = [&](const std::string& name) -> MemoPiece* {
    if (!old_pieces) return nullptr;
    size_t at = next_old;
    if (at >= old_pieces->size() || (*old_pieces)[at].name != name) {
      if (old_by_name.empty())
        for (size_t i = 0; i < old_pieces->size(); ++i)
          old_by_name.emplace((*old_pieces)[i].name, i);
      auto found = old_by_name.find(name);
      if (found == old_by_name.end()) return nullptr;
      at = found->second;
    }
    next_old = at + 1;
    return unchanged[at] ? &(*old_pieces)[at] : nullptr;
  };
  MemoEntry made;
  const MakePiece piece = [&](const std::string& name,
                              const std::function<std::string()>& make_piece) {
    const long long offset = out->size();
    if (MemoPiece* old = old_piece(name)) {
      MemoPiece& kept = *old;
      if (out->AppendPrevious(kept.offset, kept.length)) {
        made.pieces.push_back({name, offset, kept.length, std::move(kept.reads)});
        ++reuse->pieces_kept;
        return;
      }
    }
    ReadLog log;
    std::string text;
    {
      ReadLog::Scope scope(&log);
      text = make_piece();
    }
    made.pieces.push_back({name, offset, static_cast<long long>(text.size()), log.Take()});
    out->Append(text);
  };
  ReadLog log;
  {
    ReadLog::Scope scope(&log);
    make(*out, piece);
  }
  made.reads = log.Take();
  made.size = out->size();
  if (Status s = out->Close(); !s.ok()) return s;
  entry->made = reuse->scratch->Add(made);
  return Status::Ok();
}

}  // namespace

Status RenderSite(const Archive& a, const TemplateSet& templates, const FileSink& sink,
                  Progress* progress, Reuse* reuse) {
  return RenderSite(a, templates, PlanPages(a), sink, progress, reuse);
}

Status RenderSite(const Archive& a, const TemplateSet& templates,
                  const std::vector<PagePlan>& plans, const FileSink& sink, Progress* progress,
                  Reuse* reuse) {
  const std::vector<size_t> shown = ShownPlans(plans);
  const std::vector<WholeSiteFile> whole_site = WholeSiteFiles(a, templates, plans);
  // Every page, and the files made from the whole archive, on all cores, each handed to
  // the sink as soon as it is made: a site need not fit in memory.
  const size_t count = whole_site.size() + shown.size();
  std::vector<Status> results(count, Status::Ok());
  std::vector<NextMemoFile> entries(reuse ? count : 0);
  std::vector<std::string> paths(count);
  if (progress) progress->Step("render", count);
  ParallelFor(count, [&](size_t i) {
    NextMemoFile* entry = reuse ? &entries[i] : nullptr;
    if (i < whole_site.size()) {
      const WholeSiteFile& file = whole_site[i];
      paths[i] = file.path;
      results[i] = MakeWholeFile(paths[i], file.reusable, file.make, sink, reuse, entry);
    } else {
      const PagePlan& plan = plans[shown[i - whole_site.size()]];
      paths[i] = PlanFile(plan);
      results[i] = MakePageFile(
          paths[i], plan, [&] { return RenderPage(a, templates, plan.build()); }, sink, reuse,
          entry);
    }
    if (progress) progress->Advance();
  });
  for (const Status& result : results)
    if (!result.ok()) return result;
  // An asset never replaces a file the site makes.
  for (const auto& [path, bytes] : templates.assets())
    if (std::find(paths.begin(), paths.end(), path) == paths.end())
      if (Status s = sink.add(path, bytes); !s.ok()) return s;
  if (reuse) {
    for (size_t i = 0; i < count; ++i) entries[i].path = std::move(paths[i]);
    entries.erase(
        std::remove_if(entries.begin(), entries.end(),
                       [](const NextMemoFile& file) { return !file.kept && file.made.offset < 0; }),
        entries.end());
    reuse->next = std::move(entries);
    std::sort(reuse->next.begin(), reuse->next.end(),
              [](const NextMemoFile& a, const NextMemoFile& b) { return a.path < b.path; });
  }
  return Status::Ok();
}

namespace {

// A file made a part at a time into memory, handed to `add` when closed.
class FileInMemory : public FileOut {
 public:
  FileInMemory(std::string path, std::function<void(std::string path, std::string bytes)> add)
      : path_(std::move(path)), add_(std::move(add)) {}
  bool AppendPrevious(long long, long long) override { return false; }
  Status Close() override {
    add_(std::move(path_), std::move(bytes_));
    return Status::Ok();
  }

 private:
  void Write(std::string_view bytes) override { bytes_ += bytes; }
  std::string path_, bytes_;
  std::function<void(std::string path, std::string bytes)> add_;
};

}  // namespace

std::map<std::string, std::string> RenderSite(const Archive& a, const TemplateSet& templates) {
  std::map<std::string, std::string> files;
  std::mutex mutex;
  auto add = [&](std::string path, std::string bytes) {
    std::lock_guard<std::mutex> lock(mutex);
    files.try_emplace(std::move(path), std::move(bytes));
  };
  FileSink sink;
  sink.add = [&](const std::string& path, const std::string& bytes) {
    add(path, bytes);
    return Status::Ok();
  };
  sink.open = [&](const std::string& path, const std::string&, long long,
                  std::unique_ptr<FileOut>* file) {
    *file = std::make_unique<FileInMemory>(path, add);
    return Status::Ok();
  };
  RenderSite(a, templates, sink);
  files[kManifestName] = Manifest(files);
  return files;
}

}  // namespace annals
