#include "write/icalendar.h"

#include <algorithm>
#include <cassert>
#include <cstddef>

#include "util/text.h"

namespace annals {
namespace {

constexpr size_t kMaxLineOctets = 75;

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }

bool AllDigits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "20170606"
bool IsIcalDate(std::string_view text) { return text.size() == 8 && AllDigits(text); }

// "20170606T210000Z"
[[maybe_unused]] bool IsIcalUtcDateTime(std::string_view text) {
  return text.size() == 16 && IsIcalDate(text.substr(0, 8)) && text[8] == 'T' &&
         AllDigits(text.substr(9, 6)) && text[15] == 'Z';
}

std::string WithoutControls(std::string_view text) {
  std::string out;
  for (char c : text)
    if (!IsControl(c)) out += c;
  return out;
}

class Lines {
 public:
  void Add(std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    line += value;
    text_ += FoldIcalLine(line);
  }
  // DTSTART or DTEND: a date needs VALUE=DATE, a date-time is the default type.
  void AddTime(std::string_view name, std::string_view value) {
    assert(IsIcalDate(value) || IsIcalUtcDateTime(value));
    if (IsIcalDate(value))
      Add(std::string(name) + ";VALUE=DATE", value);
    else
      Add(name, value);
  }
  std::string str() const { return text_; }

 private:
  std::string text_;
};

}  // namespace

std::string IcalText(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      out += "\\n";
    } else if (!IsControl(c) || c == '\t') {
      out += c;
    }
  }
  return out;
}

std::string FoldIcalLine(std::string_view line) {
  std::string out;
  size_t room = kMaxLineOctets;  // octets left on this physical line
  for (size_t i = 0; i < line.size();) {
    size_t length = CharacterLength(line.substr(i));
    if (length > room) {
      out += "\r\n ";
      room = kMaxLineOctets - 1;
    }
    out += line.substr(i, length);
    room -= length;
    i += length;
  }
  out += "\r\n";
  return out;
}

std::string IcalCalendar(std::string_view prodid, std::string_view calendar_name,
                         const std::vector<IcalEvent>& events) {
  Lines lines;
  lines.Add("BEGIN", "VCALENDAR");
  lines.Add("VERSION", "2.0");
  lines.Add("PRODID", IcalText(prodid));  // a TEXT value too
  lines.Add("CALSCALE", "GREGORIAN");
  lines.Add("X-WR-CALNAME", IcalText(calendar_name));
  for (const IcalEvent& event : events) {
    assert(IsIcalUtcDateTime(event.dtstamp));
    assert(event.end.empty() || IsIcalDate(event.start) == IsIcalDate(event.end));
    lines.Add("BEGIN", "VEVENT");
    lines.Add("UID", IcalText(event.uid));
    lines.Add("DTSTAMP", event.dtstamp);
    lines.AddTime("DTSTART", event.start);
    if (!event.end.empty()) lines.AddTime("DTEND", event.end);
    lines.Add("SUMMARY", IcalText(event.summary));
    if (!event.description.empty()) lines.Add("DESCRIPTION", IcalText(event.description));
    if (!event.url.empty()) lines.Add("URL", WithoutControls(event.url));
    lines.Add("END", "VEVENT");
  }
  lines.Add("END", "VCALENDAR");
  return lines.str();
}

}  // namespace annals
