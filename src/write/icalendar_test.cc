#include "write/icalendar.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "util/text.h"

namespace annals {
namespace {

std::string Repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

// The physical lines of folded text, each without its CRLF; checks every line has one.
std::vector<std::string> PhysicalLines(std::string_view folded) {
  std::vector<std::string> lines;
  while (!folded.empty()) {
    size_t end = folded.find("\r\n");
    REQUIRE(end != std::string_view::npos);
    lines.emplace_back(folded.substr(0, end));
    folded.remove_prefix(end + 2);
  }
  return lines;
}

TEST_CASE("iCalendar: IcalText escapes backslash, semicolon, comma and line breaks") {
  CHECK(IcalText("plain text: \"quoted\"") == "plain text: \"quoted\"");
  CHECK(IcalText("a\\b") == "a\\\\b");
  CHECK(IcalText("a;b") == "a\\;b");
  CHECK(IcalText("a,b") == "a\\,b");
  CHECK(IcalText("a\nb") == "a\\nb");
  CHECK(IcalText("a\r\nb") == "a\\nb");
  CHECK(IcalText("a\n\nb") == "a\\n\\nb");
  CHECK(IcalText("\\n") == "\\\\n");  // a backslash and an n, not a line break
  CHECK(IcalText("") == "");
}

TEST_CASE("iCalendar: IcalText drops control characters but keeps TAB and UTF-8") {
  CHECK(IcalText("a\rb") == "ab");
  CHECK(IcalText("bell\x07, esc\x1B[0m, del\x7F") == "bell\\, esc[0m\\, del");
  CHECK(IcalText(std::string("a\0b", 3)) == "ab");
  CHECK(IcalText("a\tb") == "a\tb");
  CHECK(IcalText("L\xC3\xA9"
                 "e \xE2\x80\x93 1917") ==
        "L\xC3\xA9"
        "e \xE2\x80\x93 1917");
}

TEST_CASE("iCalendar: FoldIcalLine leaves a line of up to 75 octets whole") {
  CHECK(FoldIcalLine("") == "\r\n");
  CHECK(FoldIcalLine("BEGIN:VCALENDAR") == "BEGIN:VCALENDAR\r\n");
  CHECK(FoldIcalLine(std::string(75, 'a')) == std::string(75, 'a') + "\r\n");
}

TEST_CASE("iCalendar: FoldIcalLine folds a long ASCII line into lines of 75 octets") {
  CHECK(FoldIcalLine(std::string(76, 'a')) == std::string(75, 'a') + "\r\n a\r\n");
  // Continuation lines hold 74 octets after their space.
  std::string line = "DESCRIPTION:" + std::string(63, 'a') + std::string(74, 'b') + "cc";
  CHECK(FoldIcalLine(line) ==
        "DESCRIPTION:" + std::string(63, 'a') + "\r\n " + std::string(74, 'b') + "\r\n cc\r\n");
}

TEST_CASE("iCalendar: FoldIcalLine never splits a UTF-8 character") {
  const std::string e_acute = "\xC3\xA9";      // 2 octets
  const std::string en_dash = "\xE2\x80\x93";  // 3 octets
  SUBCASE("two-octet characters at an odd offset") {
    // "X:" and 36 of them make 74 octets; the 37th would be octets 75 and 76.
    CHECK(FoldIcalLine("X:" + Repeat(e_acute, 40)) ==
          "X:" + Repeat(e_acute, 36) + "\r\n " + Repeat(e_acute, 4) + "\r\n");
  }
  SUBCASE("three-octet characters") {
    // 25 fill the first line exactly; after the space 24 fit in 73 of 74 octets.
    CHECK(FoldIcalLine(Repeat(en_dash, 55)) == Repeat(en_dash, 25) + "\r\n " + Repeat(en_dash, 24) +
                                                   "\r\n " + Repeat(en_dash, 6) + "\r\n");
  }
  SUBCASE("any offset and any length of character") {
    const std::string mixed = "a" + e_acute + en_dash + "\xF0\x9F\x98\x80";  // 1+2+3+4
    for (int prefix = 0; prefix < 8; ++prefix) {
      CAPTURE(prefix);
      std::string line = std::string(prefix, '-') + Repeat(mixed, 30);
      std::string folded = FoldIcalLine(line);
      std::string unfolded;
      std::vector<std::string> lines = PhysicalLines(folded);
      for (size_t i = 0; i < lines.size(); ++i) {
        CHECK(lines[i].size() <= 75);
        CHECK(FindInvalidUtf8(lines[i]) == std::string_view::npos);
        if (i == 0) {
          unfolded += lines[i];
        } else {
          REQUIRE(lines[i].starts_with(' '));
          unfolded += lines[i].substr(1);
        }
      }
      CHECK(unfolded == line);
    }
  }
}

TEST_CASE("IcalCalendar writes a whole calendar") {
  IcalEvent all_day;
  all_day.uid = "plenary-14@council-archive";
  all_day.dtstamp = "20180830T000000Z";
  all_day.start = "20170606";
  all_day.end = "20170607";
  all_day.summary = "Plenary 14: budget, second reading";
  all_day.description = "Agenda:\n1. Budget; 2. Any other business";
  all_day.url = "https://example.org/meetings/plenary-14.html?a=1,2;b";

  IcalEvent timed;
  timed.uid = "talk-3@council-archive";
  timed.dtstamp = "20180830T000000Z";
  timed.start = "20170606T210000Z";
  timed.summary =
      "Talk by Ann L\xC3\xA9"
      "e";

  CHECK(IcalCalendar("-//annals//annals 0.1.0//EN", "Council, 2017", {all_day, timed}) ==
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//annals//annals 0.1.0//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "X-WR-CALNAME:Council\\, 2017\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:plenary-14@council-archive\r\n"
        "DTSTAMP:20180830T000000Z\r\n"
        "DTSTART;VALUE=DATE:20170606\r\n"
        "DTEND;VALUE=DATE:20170607\r\n"
        "SUMMARY:Plenary 14: budget\\, second reading\r\n"
        "DESCRIPTION:Agenda:\\n1. Budget\\; 2. Any other business\r\n"
        "URL:https://example.org/meetings/plenary-14.html?a=1,2;b\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:talk-3@council-archive\r\n"
        "DTSTAMP:20180830T000000Z\r\n"
        "DTSTART:20170606T210000Z\r\n"
        "SUMMARY:Talk by Ann L\xC3\xA9"
        "e\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n");
}

TEST_CASE("IcalCalendar folds long lines and keeps events in the order given") {
  IcalEvent second{"b@x", "20180830T000000Z", "20170102", "", std::string(80, 's'), "", ""};
  IcalEvent first{"a@x", "20180830T000000Z", "20170101", "", "First", "", "https://e.org/\r\nX"};
  CHECK(IcalCalendar("p", "", {second, first}) ==
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:p\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "X-WR-CALNAME:\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:b@x\r\n"
        "DTSTAMP:20180830T000000Z\r\n"
        "DTSTART;VALUE=DATE:20170102\r\n"
        "SUMMARY:" +
            std::string(67, 's') + "\r\n " + std::string(13, 's') +
            "\r\n"
            "END:VEVENT\r\n"
            "BEGIN:VEVENT\r\n"
            "UID:a@x\r\n"
            "DTSTAMP:20180830T000000Z\r\n"
            "DTSTART;VALUE=DATE:20170101\r\n"
            "SUMMARY:First\r\n"
            "URL:https://e.org/X\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n");
}

}  // namespace
}  // namespace annals
