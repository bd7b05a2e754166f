#include "write/csv.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace annals {
namespace {

TEST_CASE("CsvField leaves a plain field as it is") {
  CHECK(CsvField("plain") == "plain");
  CHECK(CsvField("two words") == "two words");
  CHECK(CsvField("1917-03-08") == "1917-03-08");
  CHECK(CsvField("3.5") == "3.5");
  CHECK(CsvField("it's") == "it's");
  CHECK(CsvField("") == "");
}

TEST_CASE("CsvField leaves UTF-8 text unchanged") {
  CHECK(CsvField("Ann L\xC3\xA9"
                 "e \xE2\x80\x93 \xF0\x9F\x98\x80") ==
        "Ann L\xC3\xA9"
        "e \xE2\x80\x93 \xF0\x9F\x98\x80");
}

TEST_CASE("CsvField quotes a field with a separator, a quote or a line break") {
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvField("\"") == "\"\"\"\"");
  CHECK(CsvField("line\nbreak") == "\"line\nbreak\"");
  CHECK(CsvField("line\r\nbreak") == "\"line\r\nbreak\"");
  CHECK(CsvField("a\rb") == "\"a\rb\"");
}

TEST_CASE("CsvField quotes a field with a leading or trailing space") {
  CHECK(CsvField(" lead") == "\" lead\"");
  CHECK(CsvField("trail ") == "\"trail \"");
  CHECK(CsvField(" ") == "\" \"");
  CHECK(CsvField("in side") == "in side");
}

TEST_CASE("CsvField guards a field a spreadsheet would run as a formula") {
  CHECK(CsvField("=1+2") == "'=1+2");
  CHECK(CsvField("+1") == "'+1");
  CHECK(CsvField("-3") == "'-3");  // numbers too, as the header says
  CHECK(CsvField("-1.5") == "'-1.5");
  CHECK(CsvField("@SUM(A1)") == "'@SUM(A1)");
  CHECK(CsvField("\t=1") == "'\t=1");
  CHECK(CsvField("\r=1") == "\"'\r=1\"");  // then quoted for the CR
  CHECK(CsvField("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
  CHECK(CsvField("a=1") == "a=1");  // only the first character matters
  CHECK(CsvField("'quoted") == "'quoted");
}

TEST_CASE("CsvWriter writes the header and rows with CRLF line ends") {
  CsvWriter csv({"id", "title", "date"});
  csv.AddRow({"plenary-14", "Budget, second reading", "1917-03-08"});
  csv.AddRow({"note-2", "", "=cmd|' /C calc'!A0"});
  CHECK(csv.str() ==
        "id,title,date\r\n"
        "plenary-14,\"Budget, second reading\",1917-03-08\r\n"
        "note-2,,'=cmd|' /C calc'!A0\r\n");
}

TEST_CASE("CsvWriter with only a header writes the header line") {
  CsvWriter csv({"id"});
  CHECK(csv.str() == "id\r\n");
}

TEST_CASE("CsvWriter keeps an empty row of a one-column table") {
  CsvWriter csv({"note"});
  csv.AddRow({""});
  csv.AddRow({"x"});
  CHECK(csv.str() == "note\r\n\"\"\r\nx\r\n");
}

TEST_CASE("CsvWriter writes multi-line fields and UTF-8 as they are, without a BOM") {
  CsvWriter csv({"name", "note"});
  csv.AddRow(
      {"L\xC3\xA9"
       "e",
       "first\nsecond"});
  CHECK(csv.str() ==
        "name,note\r\n"
        "L\xC3\xA9"
        "e,\"first\nsecond\"\r\n");
}

}  // namespace
}  // namespace annals
