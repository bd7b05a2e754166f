#include "util/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <tuple>

namespace annals {

size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // Text is mostly ASCII: eight bytes at a time while none has its high bit set.
    for (uint64_t word; i + 8 <= n; i += 8) {
      std::memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ULL) break;
    }
    if (i == n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, cp = c & 0x07;
    } else {
      return i;
    }
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= n || (s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
    bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    if (overlong || surrogate || cp > 0x10FFFF) return i;
    i += extra + 1;
  }
  return std::string_view::npos;
}

namespace {

// Length of the valid UTF-8 sequence at the start of `text`, or 0 if it is not one.
size_t ValidSequenceLength(std::string_view text) {
  if (text.empty()) return 0;
  if (static_cast<unsigned char>(text[0]) < 0x80) return 1;
  size_t limit = std::min<size_t>(4, text.size());
  size_t bad = FindInvalidUtf8(text.substr(0, limit));
  unsigned char lead = text[0];
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (length > limit || (bad != std::string_view::npos && bad < length)) return 0;
  return length;
}

}  // namespace

size_t CharacterLength(std::string_view text) {
  return std::max<size_t>(1, ValidSequenceLength(text));
}

int CountCharacters(std::string_view text) {
  int count = 0;
  for (size_t i = 0; i < text.size(); ++count)
    i += static_cast<unsigned char>(text[i]) < 0x80 ? 1 : CharacterLength(text.substr(i));
  return count;
}

std::string SanitizeForTerminal(std::string_view text) {
  std::string out;
  auto escape = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  };
  for (size_t i = 0; i < text.size();) {
    size_t length = ValidSequenceLength(text.substr(i));
    std::string_view character = text.substr(i, length ? length : 1);
    unsigned char c = character[0];
    bool c0 = length == 1 && ((c < 0x20 && c != '\t') || c == 0x7F);
    bool c1 = length == 2 && c == 0xC2 && static_cast<unsigned char>(character[1]) < 0xA0;
    if (!length || c0 || c1)
      escape(character);  // invalid bytes and control characters, C0 and C1
    else
      out += character;
    i += character.size();
  }
  return out;
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
    starts_.push_back(i + 1);
}

int LineIndex::LineOf(size_t offset) const {
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<int>(it - starts_.begin());
}

int LineIndex::ColumnOf(size_t offset) const {
  size_t start = starts_[LineOf(offset) - 1];
  return CountCharacters(text_.substr(start, offset - start)) + 1;
}

size_t LineIndex::LineStart(int line) const { return starts_[line - 1]; }

std::string_view LineIndex::Line(int line) const {
  if (line < 1 || line > line_count()) return {};
  size_t start = starts_[line - 1];
  size_t end = line < line_count() ? starts_[line] - 1 : text_.size();
  std::string_view s = text_.substr(start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (n - m > limit || m - n > limit) return limit + 1;
  // Three rows of the optimal-string-alignment table: insertions, deletions,
  // substitutions and transpositions of neighbours ("31" for "13") cost one each.
  std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
  for (int j = 0; j <= m; ++j) previous[j] = j;
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int best = current[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] != b[j - 1];
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
      best = std::min(best, current[j]);
    }
    if (best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

namespace {

// A typo changes a few characters, not most of the word.
int TypoLimit(std::string_view word) {
  return std::max(1, std::min(3, static_cast<int>(word.size()) / 3));
}

// The best of the candidates within TypoLimit() edits of a word, as they are found.
// Closest first; then a candidate of the same length (a transposed or mistyped
// character is likelier than a dropped one); then one with the same characters in
// another order ("31" typed for "13"); then the first in byte order.
class ClosestSoFar {
 public:
  explicit ClosestSoFar(std::string_view word) : word_(word), letters_(word) {
    std::sort(letters_.begin(), letters_.end());
  }
  void Consider(const std::string& candidate, int distance) {
    if (!best_ || Key(candidate, distance) < Key(*best_, best_distance_)) {
      best_ = &candidate;
      best_distance_ = distance;
    }
  }
  std::string best() const { return best_ ? *best_ : std::string(); }

 private:
  std::tuple<int, int, bool, std::string_view> Key(const std::string& c, int distance) const {
    int length_gap = std::abs(static_cast<int>(c.size()) - static_cast<int>(word_.size()));
    std::string c_letters = c;
    std::sort(c_letters.begin(), c_letters.end());
    return {distance, length_gap, c_letters != letters_, std::string_view(c)};
  }

  std::string_view word_;
  std::string letters_;
  const std::string* best_ = nullptr;
  int best_distance_ = 0;
};

}  // namespace

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  const int limit = TypoLimit(word);
  ClosestSoFar closest(word);
  for (const std::string& c : candidates)
    if (int d = EditDistance(word, c, limit); d <= limit) closest.Consider(c, d);
  return closest.best();
}

Suggestions::Suggestions(std::vector<std::string> candidates) : sorted_(std::move(candidates)) {
  std::sort(sorted_.begin(), sorted_.end());
}

// EditDistance's table turned on its side, a row per character of a candidate's
// prefix, shared by all the candidates with that prefix: the sorted range [lo, hi).
// A prefix whose row has nothing within the limit is not followed, as EditDistance
// stops (a transposition reaches back two rows, but never below the last row's least).
struct Suggestions::Search {
  const std::vector<std::string>& sorted;
  std::string_view word;
  int limit;
  ClosestSoFar closest;

  // `previous`: the row of the prefix of `depth` characters; `before`, the one above.
  void Walk(size_t lo, size_t hi, size_t depth, const std::vector<int>& before,
            const std::vector<int>& previous) {
    const size_t m = word.size();
    // A candidate that is the prefix itself sorts first.
    for (; lo < hi && sorted[lo].size() == depth; ++lo)
      if (previous[m] <= limit) closest.Consider(sorted[lo], previous[m]);
    std::vector<int> current(m + 1);
    while (lo < hi) {
      const auto c = static_cast<unsigned char>(sorted[lo][depth]);
      const size_t end = static_cast<size_t>(
          std::partition_point(
              sorted.begin() + static_cast<long>(lo), sorted.begin() + static_cast<long>(hi),
              [&](const std::string& s) { return static_cast<unsigned char>(s[depth]) <= c; }) -
          sorted.begin());
      current[0] = static_cast<int>(depth) + 1;
      int best = current[0];
      for (size_t j = 1; j <= m; ++j) {
        const int cost = static_cast<unsigned char>(word[j - 1]) != c;
        current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
        if (depth > 0 && j > 1 && static_cast<unsigned char>(word[j - 2]) == c &&
            sorted[lo][depth - 1] == word[j - 1])
          current[j] = std::min(current[j], before[j - 2] + 1);
        best = std::min(best, current[j]);
      }
      if (best <= limit) Walk(lo, end, depth + 1, previous, current);
      lo = end;
    }
  }
};

std::string Suggestions::Closest(std::string_view word) const {
  Search search{sorted_, word, TypoLimit(word), ClosestSoFar(word)};
  std::vector<int> first(word.size() + 1);
  for (size_t j = 0; j < first.size(); ++j) first[j] = static_cast<int>(j);
  search.Walk(0, sorted_.size(), 0, first, first);
  return search.closest.best();
}

std::string JoinWords(const std::vector<std::string>& words, std::string_view last) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? std::string(last) : std::string(", ");
    out += words[i];
  }
  return out;
}

std::string_view NextWord(std::string_view& text) {
  const size_t end = std::min(text.find_first_of(" \n"), text.size());
  std::string_view word = text.substr(0, end);
  text.remove_prefix(end);
  if (!text.empty() && text[0] == ' ') text.remove_prefix(1);
  return word;
}

bool NextLine(std::string_view& text, std::string_view* line) {
  const size_t end = text.find('\n');
  if (end == std::string_view::npos) {
    text = {};
    *line = {};
    return false;
  }
  *line = text.substr(0, end);
  text.remove_prefix(end + 1);
  return true;
}

}  // namespace annals
