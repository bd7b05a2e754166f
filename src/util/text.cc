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

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  // A typo changes a few characters, not most of the word.
  int limit = std::max(1, std::min(3, static_cast<int>(word.size()) / 3));
  // Closest first; then a candidate of the same length (a transposed or mistyped
  // character is likelier than a dropped one); then one with the same characters in
  // another order ("31" typed for "13"); then the first in byte order.
  std::string letters(word);
  std::sort(letters.begin(), letters.end());
  auto key = [&](const std::string& c, int distance) {
    int length_gap = std::abs(static_cast<int>(c.size()) - static_cast<int>(word.size()));
    std::string c_letters = c;
    std::sort(c_letters.begin(), c_letters.end());
    return std::make_tuple(distance, length_gap, c_letters != letters, std::string_view(c));
  };
  const std::string* best = nullptr;
  int best_distance = limit + 1;
  for (const std::string& c : candidates) {
    int d = EditDistance(word, c, limit);
    if (d > limit) continue;
    if (!best || key(c, d) < key(*best, best_distance)) {
      best = &c;
      best_distance = d;
    }
  }
  return best ? *best : std::string();
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
