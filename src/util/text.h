// Small text utilities shared by every step: UTF-8 checks, positions in a file,
// and spelling suggestions for "did you mean".
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace annals {

// Offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates
// and code points above U+10FFFF are invalid), or std::string_view::npos.
size_t FindInvalidUtf8(std::string_view text);

// Number of characters (code points) in UTF-8 text; stray bytes count as one each.
int CountCharacters(std::string_view text);

// Bytes of the first character of `text`: a valid UTF-8 sequence, or 1 for a stray byte.
size_t CharacterLength(std::string_view text);

// The text with control characters and invalid bytes shown as \xNN, so a diagnostic
// never writes raw control sequences to a terminal.
std::string SanitizeForTerminal(std::string_view text);

// Maps byte offsets in a file's text to 1-based line and character columns.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int LineOf(size_t offset) const;        // 1-based
  int ColumnOf(size_t offset) const;      // 1-based, in characters
  std::string_view Line(int line) const;  // without its line break
  size_t LineStart(int line) const;
  int line_count() const { return static_cast<int>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// Levenshtein distance, capped: returns `limit + 1` as soon as it exceeds `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit);

// The candidate closest to `word` when it is close enough to be a plausible typo,
// else "". Ties go to the candidate that sorts first, so the answer is deterministic.
// Looks at every candidate: for a few dozen (field names, kinds).
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// ClosestMatch over many candidates (the ids of 100,000 questions), with the same
// answers. The candidates are kept sorted, which makes them a trie of their shared
// prefixes; a search follows only the prefixes within a typo's edits of the word's, so
// it costs about as much among a million candidates as among a thousand, and an
// archive with thousands of mistyped references is not checked in quadratic time.
class Suggestions {
 public:
  explicit Suggestions(std::vector<std::string> candidates);
  std::string Closest(std::string_view word) const;

 private:
  struct Search;
  std::vector<std::string> sorted_;
};

// "a, b and c".
std::string JoinWords(const std::vector<std::string>& words, std::string_view last = " and ");

// Reading the line-based files annals writes for itself (the build cache, the page memo).
//
// The next word of `text`, up to a space or a line break, and the space after it.
std::string_view NextWord(std::string_view& text);
// The next line of `text` without its line break, which is consumed too; false, with
// `line` and `text` empty, when no line break is left.
bool NextLine(std::string_view& text, std::string_view* line);
// `word` as a whole number, all of it; false when it is not one.
template <typename Number>
bool ParseNumber(std::string_view word, Number* n) {
  auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), *n);
  return error == std::errc() && end == word.data() + word.size() && !word.empty();
}

}  // namespace annals
