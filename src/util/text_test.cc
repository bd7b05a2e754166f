#include "util/text.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace annals {
namespace {

constexpr size_t kValid = std::string_view::npos;

TEST_CASE("FindInvalidUtf8 accepts valid text of every sequence length") {
  CHECK(FindInvalidUtf8("") == kValid);
  CHECK(FindInvalidUtf8("plain ASCII") == kValid);
  CHECK(FindInvalidUtf8("Ann L\xC3\xA9"
                        "e") == kValid);                       // é, 2 bytes
  CHECK(FindInvalidUtf8("1 \xE2\x80\x93 2") == kValid);        // –, 3 bytes
  CHECK(FindInvalidUtf8("\xF0\x9F\x98\x80 smile") == kValid);  // U+1F600, 4 bytes
  CHECK(FindInvalidUtf8("\xF4\x8F\xBF\xBF") == kValid);        // U+10FFFF, the last
  CHECK(FindInvalidUtf8("\xEF\xBB\xBF"
                        "bom") == kValid);  // U+FEFF
}

TEST_CASE("FindInvalidUtf8 finds a bad byte or sequence after any length of ASCII") {
  for (size_t before = 0; before < 40; ++before)
    for (const char* bad : {"\x80", "\xC3", "\xE2\x80", "\xED\xA0\x80", "\xF5"}) {
      CAPTURE(before);
      const std::string ascii(before, 'a');
      CHECK(FindInvalidUtf8(ascii + bad + std::string(20, 'b')) == before);
      CHECK(FindInvalidUtf8(ascii + bad) == before);
      CHECK(FindInvalidUtf8(ascii + "\xC3\xA9" + ascii + bad) == 2 * before + 2);
      CHECK(FindInvalidUtf8(ascii + "\xC3\xA9" + ascii) == kValid);
      CHECK(CountCharacters(ascii + "\xC3\xA9" + ascii + "\xE2\x80\x93") ==
            static_cast<int>(2 * before + 2));
    }
}

TEST_CASE("FindInvalidUtf8 gives the offset of the first bad byte") {
  SUBCASE("a stray continuation byte") {
    CHECK(FindInvalidUtf8("ab\x80"
                          "cd") == 2);
  }
  SUBCASE("an overlong two-byte NUL") { CHECK(FindInvalidUtf8("a\xC0\x80") == 1); }
  SUBCASE("an overlong three-byte form") { CHECK(FindInvalidUtf8("\xE0\x80\xAF") == 0); }
  SUBCASE("an overlong four-byte form") { CHECK(FindInvalidUtf8("xy\xF0\x80\x80\x80") == 2); }
  SUBCASE("a UTF-16 surrogate") { CHECK(FindInvalidUtf8("\xED\xA0\x80") == 0); }
  SUBCASE("a sequence truncated at the end") { CHECK(FindInvalidUtf8("ok \xE2\x80") == 3); }
  SUBCASE("a sequence cut short by an ASCII byte") {
    CHECK(FindInvalidUtf8("\xC3"
                          "a") == 0);
  }
  SUBCASE("a code point above U+10FFFF") { CHECK(FindInvalidUtf8("\xF4\x90\x80\x80") == 0); }
  SUBCASE("a byte that never starts a sequence") { CHECK(FindInvalidUtf8("abc\xFF") == 3); }
  SUBCASE("Latin-1 text") {
    CHECK(FindInvalidUtf8("Ann L\xE9"
                          "e") == 5);
  }
  SUBCASE("only the first of several") { CHECK(FindInvalidUtf8("\xC3\xA9\x80\x80") == 2); }
}

TEST_CASE("CountCharacters counts code points, not bytes") {
  CHECK(CountCharacters("") == 0);
  CHECK(CountCharacters("abc") == 3);
  CHECK(CountCharacters("L\xC3\xA9"
                        "e") == 3);
  CHECK(CountCharacters("a \xE2\x80\x93 b") == 5);
  CHECK(CountCharacters("\xF0\x9F\x98\x80") == 1);
  CHECK(CountCharacters("\t") == 1);
  CHECK(CountCharacters("Ann L\xE9"
                        "e") == 7);  // a stray lead byte counts as one
}

// The header promises "stray bytes count as one each"; a stray continuation byte is
// counted as none, so e.g. an underline under text with such a byte comes out short.
TEST_CASE("CountCharacters counts a stray continuation byte as one character") {
  CHECK(CountCharacters("a\x80"
                        "b") == 3);
}

TEST_CASE("SanitizeForTerminal shows control characters and invalid bytes as \\xNN") {
  CHECK(SanitizeForTerminal("plain text") == "plain text");
  CHECK(SanitizeForTerminal("Ann L\xC3\xA9"
                            "e \xE2\x80\x93 ok") ==
        "Ann L\xC3\xA9"
        "e \xE2\x80\x93 ok");
  CHECK(SanitizeForTerminal("a\tb") == "a\tb");  // tabs are kept
  CHECK(SanitizeForTerminal("\x1B[31mred") == "\\x1B[31mred");
  CHECK(SanitizeForTerminal("a\nb\rc") == "a\\x0Ab\\x0Dc");
  CHECK(SanitizeForTerminal(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(SanitizeForTerminal("del\x7F") == "del\\x7F");
  CHECK(SanitizeForTerminal("Ann L\xE9"
                            "e") == "Ann L\\xE9e");
  CHECK(SanitizeForTerminal("\xC3") == "\\xC3");
  CHECK(SanitizeForTerminal("\xED\xA0\x80!") == "\\xED\\xA0\\x80!");
}

TEST_CASE("LineIndex maps byte offsets to lines and character columns") {
  // Line 1: "é–x" (2 + 3 + 1 bytes), line 2: "ab" with CRLF, line 3: "cd" unterminated.
  std::string text = "\xC3\xA9\xE2\x80\x93x\nab\r\ncd";
  LineIndex index(text);
  CHECK(index.line_count() == 3);

  CHECK(index.LineOf(0) == 1);
  CHECK(index.ColumnOf(0) == 1);
  CHECK(index.ColumnOf(2) == 2);  // the dash, after one two-byte character
  CHECK(index.LineOf(5) == 1);
  CHECK(index.ColumnOf(5) == 3);  // "x": the third character, the sixth byte
  CHECK(index.LineOf(6) == 1);    // the line break belongs to its line
  CHECK(index.ColumnOf(6) == 4);

  CHECK(index.LineOf(7) == 2);
  CHECK(index.ColumnOf(7) == 1);
  CHECK(index.ColumnOf(8) == 2);
  CHECK(index.LineOf(11) == 3);
  CHECK(index.ColumnOf(12) == 2);

  CHECK(index.LineStart(1) == 0);
  CHECK(index.LineStart(2) == 7);
  CHECK(index.LineStart(3) == 11);

  CHECK(index.Line(1) == "\xC3\xA9\xE2\x80\x93x");
  CHECK(index.Line(2) == "ab");  // without "\r"
  CHECK(index.Line(3) == "cd");
  CHECK(index.Line(0) == "");
  CHECK(index.Line(4) == "");
}

TEST_CASE("LineIndex of a text ending in a line break has an empty last line") {
  LineIndex index("a\n");
  CHECK(index.line_count() == 2);
  CHECK(index.Line(1) == "a");
  CHECK(index.Line(2) == "");
  CHECK(index.LineOf(2) == 2);
  CHECK(index.ColumnOf(2) == 1);
}

TEST_CASE("EditDistance counts edits, a transposition as one") {
  CHECK(EditDistance("", "", 3) == 0);
  CHECK(EditDistance("same", "same", 0) == 0);
  CHECK(EditDistance("ssr1-13", "ssr1-31", 3) == 1);  // neighbours swapped
  CHECK(EditDistance("ssr1-31", "ssr1-1", 3) == 1);   // one deletion
  CHECK(EditDistance("meeting", "meting", 3) == 1);
  CHECK(EditDistance("rec", "red", 3) == 1);
  CHECK(EditDistance("kitten", "sitting", 5) == 3);
  CHECK(EditDistance("abc", "", 5) == 3);
}

TEST_CASE("EditDistance stops at the limit and returns limit + 1") {
  CHECK(EditDistance("kitten", "sitting", 2) == 3);
  CHECK(EditDistance("abcdef", "uvwxyz", 2) == 3);
  CHECK(EditDistance("a", "abcdefgh", 3) == 4);  // lengths alone exceed the limit
  CHECK(EditDistance("ab", "ba", 0) == 1);
  CHECK(EditDistance("kitten", "sitting", 3) == 3);  // exactly the limit is kept
}

TEST_CASE("ClosestMatch suggests a plausible typo") {
  SUBCASE("a transposition beats a deletion of the same distance") {
    // "ssr1-31" is one edit from both; the same-length candidate wins.
    CHECK(ClosestMatch("ssr1-31", {"ssr1-1", "ssr1-13"}) == "ssr1-13");
    CHECK(ClosestMatch("ssr1-31", {"ssr1-13", "ssr1-1"}) == "ssr1-13");
  }
  SUBCASE("a smaller distance wins over length") {
    CHECK(ClosestMatch("abcdefghi", {"abcdefgxy", "abcdefgh"}) == "abcdefgh");
  }
  SUBCASE("ties of distance and length go to byte order, whatever the list order") {
    CHECK(ClosestMatch("abcz", {"abcy", "abcx"}) == "abcx");
    CHECK(ClosestMatch("abcz", {"abcx", "abcy"}) == "abcx");
  }
  SUBCASE("an exact match") { CHECK(ClosestMatch("rec", {"set", "rec"}) == "rec"); }
  SUBCASE("a far word gives nothing") {
    CHECK(ClosestMatch("meeting", {"ssr1-1", "ssr1-13"}) == "");
    CHECK(ClosestMatch("anything", {}) == "");
  }
  SUBCASE("a short word allows one edit only") {
    CHECK(ClosestMatch("ab", {"ax"}) == "ax");
    CHECK(ClosestMatch("ab", {"xy"}) == "");
  }
}

TEST_CASE("Suggestions finds what ClosestMatch finds") {
  SUBCASE("the cases above") {
    CHECK(Suggestions({"ssr1-1", "ssr1-13"}).Closest("ssr1-31") == "ssr1-13");
    CHECK(Suggestions({"abcdefgxy", "abcdefgh"}).Closest("abcdefghi") == "abcdefgh");
    CHECK(Suggestions({"abcy", "abcx"}).Closest("abcz") == "abcx");
    CHECK(Suggestions({"set", "rec"}).Closest("rec") == "rec");
    CHECK(Suggestions({"ssr1-1", "ssr1-13"}).Closest("meeting") == "");
    CHECK(Suggestions({}).Closest("anything") == "");
    CHECK(Suggestions({"ab", "a", "abc", ""}).Closest("ab") == "ab");
  }
  SUBCASE("ids like an archive's, and words near them, at random") {
    // Ids of a few shapes over a small alphabet, so that many share prefixes and many
    // words are within a typo of several; and words made from them by a few edits.
    std::mt19937 random(7);
    const std::string alphabet = "pq1-2\xC3\xA9";
    auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
    std::vector<std::string> ids;
    for (int i = 0; i < 400; ++i) {
      std::string id = i % 3 == 0 ? "plenary-" : i % 3 == 1 ? "q" : "";
      for (size_t n = 1 + pick(6); n > 0; --n) id += alphabet[pick(alphabet.size())];
      ids.push_back(id);
    }
    const Suggestions suggestions(ids);
    for (int i = 0; i < 2000; ++i) {
      std::string word = ids[pick(ids.size())];
      for (size_t edits = pick(5); edits > 0; --edits) {
        const size_t at = word.empty() ? 0 : pick(word.size());
        switch (pick(4)) {
          case 0:
            word.insert(at, 1, alphabet[pick(alphabet.size())]);
            break;
          case 1:
            if (!word.empty()) word.erase(at, 1);
            break;
          case 2:
            if (!word.empty()) word[at] = alphabet[pick(alphabet.size())];
            break;
          default:
            if (at + 1 < word.size()) std::swap(word[at], word[at + 1]);
        }
      }
      INFO("word: " << word);
      CHECK(suggestions.Closest(word) == ClosestMatch(word, ids));
    }
  }
}

TEST_CASE("JoinWords writes a list the way a sentence does") {
  CHECK(JoinWords({}) == "");
  CHECK(JoinWords({"a"}) == "a");
  CHECK(JoinWords({"a", "b"}) == "a and b");
  CHECK(JoinWords({"a", "b", "c"}) == "a, b and c");
  CHECK(JoinWords({"a", "b", "c"}, " or ") == "a, b or c");
  CHECK(JoinWords({"x", "y"}, ", ") == "x, y");
}

}  // namespace
}  // namespace annals
