// The building blocks of the data handed to templates: links, dates, Markdown and
// summaries of records, all as plain JSON with obvious names, seen from one page
// (every link is relative to that page's folder).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "model/archive.h"

namespace annals {

using Json = nlohmann::ordered_json;

class View {
 public:
  // `page`: the page's folder from the site root ("meetings/plenary-14/", "" for the root).
  // `absolute`: links are absolute URLs under the archive's base URL, when it has one;
  // for the 404 page, which a server shows at any address.
  View(const Archive& archive, std::string page, bool absolute = false)
      : a_(archive), page_(std::move(page)), absolute_(absolute) {}

  const Archive& archive() const { return a_; }
  const std::string& page() const { return page_; }

  // The relative link from this page to `to` (a folder or file from the site root).
  std::string Href(std::string_view to) const;
  // {href, label} for a record.
  Json Link(RecordId record) const;
  Json Link(const Ref& ref) const { return Link(RecordId{ref.kind, ref.target}); }
  Json Links(Kind kind, const std::vector<int>& indices) const;
  Json Links(const std::vector<Ref>& refs) const;
  // Links for a list that may be "not recorded": {recorded, none, links}.
  Json LinkList(const RefList& refs) const;
  // {href, label, kind} for each record that mentions this one in its text.
  Json Mentions(const std::vector<RecordId>& records) const;

  // Markdown as HTML for this page; "" for empty text. Headings start at <h(1+shift)>.
  std::string Html(const Markdown& markdown, int heading_shift = 2) const;
  std::string Summary(const Markdown& markdown, int max_chars = 160) const;

  // {text: "6 June 2017", datetime: "2017-06-06" or null, recorded (a year at least),
  // not_recorded (neither a date nor "TBD")}.
  Json Date(const PartialDate& date) const;
  // A meeting's date and time: {text, datetime, utc, local, time_recorded, note}.
  Json MeetingWhen(const Meeting& meeting) const;

  // Summaries used in lists across the site.
  Json MeetingItem(int meeting) const;
  Json ActionItemSummary(int action) const;
  // A question with its status and, when `with_answers`, every answer in full.
  Json QuestionItem(int question, bool with_answers) const;
  Json AnswerItem(const Answer& answer) const;

 private:
  const Archive& a_;
  std::string page_;
  bool absolute_ = false;
};

// A meeting's start in UTC: days since 1970 and minutes into that day. Only when both
// its full date and its time are recorded; the UTC day may differ from the local one.
struct UtcMoment {
  long day = 0;
  int minutes = 0;
};
std::optional<UtcMoment> MeetingStartUtc(const Meeting& meeting);

// "open" -> "Open", "in-progress" -> "In progress", …
std::string ActionStatusLabel(ActionStatus status);
std::string QuestionStatusLabel(QuestionStatus status);
// The fragment of a question's `number`-th answer (from 1), the same on every page.
std::string AnswerAnchor(const Question& question, int number);

}  // namespace annals
