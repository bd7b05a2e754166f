#include "render/view.h"

#include <chrono>
#include <cstdio>

#include "render/markdown.h"
#include "render/urls.h"

namespace annals {

namespace {

std::string TwoDigits(int n) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d", n);
  return text;
}

std::string IsoDate(const std::chrono::year_month_day& day) {
  return std::to_string(static_cast<int>(day.year())) + "-" +
         TwoDigits(static_cast<int>(static_cast<unsigned>(day.month()))) + "-" +
         TwoDigits(static_cast<int>(static_cast<unsigned>(day.day())));
}

// "21:00" from minutes into the day.
std::string ClockTime(int minutes) {
  return TwoDigits(minutes / 60) + ":" + TwoDigits(minutes % 60);
}

}  // namespace

std::string ActionStatusLabel(ActionStatus status) {
  switch (status) {
    case ActionStatus::kOpen:
      return "Open";
    case ActionStatus::kInProgress:
      return "In progress";
    case ActionStatus::kDone:
      return "Done";
    case ActionStatus::kDropped:
      return "Dropped";
  }
  return "";
}

std::string QuestionStatusLabel(QuestionStatus status) {
  switch (status) {
    case QuestionStatus::kOpen:
      return "Open";
    case QuestionStatus::kAnswered:
      return "Answered";
    case QuestionStatus::kReframed:
      return "Reframed";
    case QuestionStatus::kWithdrawn:
      return "Withdrawn";
  }
  return "";
}

std::optional<UtcMoment> MeetingStartUtc(const Meeting& m) {
  if (!m.time || !m.date.is_full()) return std::nullopt;
  int utc = m.time->hour * 60 + m.time->minute - ParseZone(m.zone).value_or(0);
  long day = m.date.FirstDay() + (utc < 0 ? -1 : utc >= 24 * 60 ? 1 : 0);
  return UtcMoment{day, (utc + 24 * 60) % (24 * 60)};
}

std::string AnswerAnchor(const Question& question, int number) {
  return question.id + "-answer-" + std::to_string(number);
}

std::string View::Href(std::string_view to) const {
  const std::string& base = a_.settings.base_url;
  if (!absolute_ || base.empty()) return RelativeHref(page_, to);
  return AbsoluteUrl(base, to);
}

Json View::Link(RecordId record) const {
  if (record.index < 0) return nullptr;
  return {{"href", Href(RecordPath(a_, record))}, {"label", RecordLabel(a_, record)}};
}

Json View::Links(Kind kind, const std::vector<int>& indices) const {
  Json out = Json::array();
  for (int i : indices) out.push_back(Link({kind, i}));
  return out;
}

Json View::Links(const std::vector<Ref>& refs) const {
  Json out = Json::array();
  for (const Ref& ref : refs) out.push_back(Link(ref));
  return out;
}

Json View::LinkList(const RefList& refs) const {
  if (!refs) return {{"recorded", false}, {"none", false}, {"links", Json::array()}};
  return {{"recorded", true}, {"none", refs->empty()}, {"links", Links(*refs)}};
}

Json View::Mentions(const std::vector<RecordId>& records) const {
  Json out = Json::array();
  for (RecordId r : records) {
    Json link = Link(r);
    link["kind"] = KindNoun(r.kind);
    out.push_back(std::move(link));
  }
  return out;
}

std::string View::Html(const Markdown& markdown, int heading_shift) const {
  return RenderMarkdown(markdown, a_, {page_, a_.settings.allow_html, heading_shift});
}

std::string View::Summary(const Markdown& markdown, int max_chars) const {
  return PlainSummary(markdown, a_, max_chars);
}

Json View::Date(const PartialDate& date) const {
  Json out = {{"text", date.ToDisplay()},
              {"datetime", nullptr},
              {"recorded", date.has_year()},
              {"not_recorded", date.precision() == PartialDate::Precision::kNotRecorded}};
  if (date.has_year()) out["datetime"] = date.ToString();
  return out;
}

Json View::MeetingWhen(const Meeting& m) const {
  Json out = Date(m.date);
  out["note"] = m.date_note;
  out["time_recorded"] = m.time.has_value();
  out["local"] = nullptr;
  out["utc"] = nullptr;
  if (!m.time) return out;
  out["local"] = m.time->ToString() + " " + m.zone;
  std::optional<UtcMoment> start = MeetingStartUtc(m);
  if (!start) return out;
  long day = start->day;
  std::chrono::year_month_day utc_day{std::chrono::sys_days{std::chrono::days{day}}};
  out["datetime"] = IsoDate(utc_day) + "T" + ClockTime(start->minutes) + "Z";
  if (ParseZone(m.zone).value_or(0) != 0) {
    std::string utc_text = ClockTime(start->minutes) + " UTC";
    if (day != m.date.FirstDay())
      utc_text +=
          " on " + PartialDate::Day(static_cast<int>(utc_day.year()),
                                    static_cast<int>(static_cast<unsigned>(utc_day.month())),
                                    static_cast<int>(static_cast<unsigned>(utc_day.day())))
                       .ToDisplay();
    out["utc"] = utc_text;
  }
  return out;
}

Json View::MeetingItem(int index) const {
  const Meeting& m = a_.meetings[index];
  Json item = Link({Kind::kMeeting, index});
  item["title"] = m.title;
  item["date"] = Date(m.date);
  item["kind"] = MeetingKindName(m.kind);
  return item;
}

Json View::ActionItemSummary(int index) const {
  const ActionItem& item = a_.actions[index];
  Json out = Link({Kind::kAction, index});
  out["id"] = item.id;
  out["text_html"] = Html(item.text, 3);
  out["status"] = ActionStatusName(item.status);
  out["status_label"] = ActionStatusLabel(item.status);
  out["overdue"] = item.overdue;
  out["owners"] = LinkList(item.owners);
  out["due"] = Date(item.due);
  out["origin"] = item.origin ? Link(*item.origin) : Json(nullptr);
  return out;
}

Json View::AnswerItem(const Answer& answer) const {
  return {{"date", Date(answer.date)},
          {"by", answer.by ? Link(*answer.by) : Json(nullptr)},
          {"source", answer.source ? Link(*answer.source) : Json(nullptr)},
          {"text_html", Html(answer.text, 4)}};
}

Json View::QuestionItem(int index, bool with_answers) const {
  const Question& q = a_.questions[index];
  const Briefing& b = a_.briefings[q.briefing];
  Json out = Link({Kind::kQuestion, index});
  out["id"] = q.id;
  out["number"] = q.number;
  out["text_html"] = Html(q.text, 3);
  out["status"] = QuestionStatusName(q.status);
  out["status_label"] = QuestionStatusLabel(q.status);
  out["asker"] = q.asker ? Link(*q.asker) : Json(nullptr);
  out["recommendation"] = q.recommendation ? Link(*q.recommendation) : Json(nullptr);
  out["briefing"] = Link({Kind::kBriefing, q.briefing});
  out["meeting"] = b.meeting ? Link(*b.meeting) : Json(nullptr);
  out["answer_count"] = static_cast<int>(q.answers.size());
  Json answers = Json::array();
  if (with_answers) {
    int n = 0;
    for (const Answer& answer : q.answers) {
      Json item = AnswerItem(answer);
      item["number"] = ++n;
      item["anchor"] = AnswerAnchor(q, n);
      answers.push_back(std::move(item));
    }
  }
  out["answers"] = std::move(answers);
  out["note_html"] = with_answers ? Html(q.note, 4) : "";
  return out;
}

}  // namespace annals
