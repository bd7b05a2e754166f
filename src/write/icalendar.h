// iCalendar (RFC 5545) text for calendar programs to subscribe to: escaped values, folded
// lines and a small builder of a VCALENDAR of VEVENTs. Text is expected to be UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace annals {

// A TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' are escaped with a backslash, a
// line break (LF or CRLF) becomes "\n", and other control characters are dropped, as TEXT
// cannot hold them (a lone CR too). TAB is kept: TEXT allows it.
std::string IcalText(std::string_view text);

// One content line, without line breaks, folded as RFC 5545 3.1 says: physical lines of
// at most 75 octets, each continuation line starting with one space, each line ending in
// CRLF. A UTF-8 character is never split across lines.
std::string FoldIcalLine(std::string_view line);

struct IcalEvent {
  std::string uid;      // globally unique, e.g. "plenary-14@archive-id"
  std::string dtstamp;  // when the entry was made, UTC: "20180830T000000Z"
  // Either a date "20170606" (all-day) or a UTC date-time "20170606T210000Z".
  std::string start;
  // The same form as `start`, or "" for none. DTEND is exclusive: an all-day event on
  // 6 June ends on "20170607".
  std::string end;
  std::string summary;
  std::string description;  // "" = omitted
  std::string url;          // "" = omitted
};

// A whole calendar: VERSION 2.0, the given PRODID (e.g. "-//annals//annals 0.1.0//EN"),
// the Gregorian scale, the name calendar programs show (X-WR-CALNAME), and the events in
// the order given. Every line is folded and ends in CRLF; the same input gives the same
// bytes. The URL is a URI, not TEXT, so it is not escaped; control characters, which no
// URI holds, are dropped from it so it stays on its line.
std::string IcalCalendar(std::string_view prodid, std::string_view calendar_name,
                         const std::vector<IcalEvent>& events);

}  // namespace annals
