// A YAML document read with libyaml into a tree of positioned nodes.
//
// An annals file is one document of mappings, lists and text, and that is all a tree
// holds. A second document, anchors and aliases (which let a few lines expand into
// millions of values) and nesting deeper than kMaxDepth are mistakes, reported like
// syntax errors, so a tree is never much larger than its text. Scalars are not
// resolved to numbers or booleans: the readers decide what text means. Only the plain,
// untagged null forms (an empty value, ~, null, Null, NULL) become null nodes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>

namespace annals {

// A place in the parsed text.
struct YamlMark {
  size_t offset = 0;  // in bytes
  int line = 0;       // 1-based, as YAML counts line breaks; 0 means no place
  int column = 0;     // 1-based, in characters
};

enum class YamlKind : uint8_t { kNull, kScalar, kSequence, kMap };

// How a node is written: a scalar's quoting or block style, a collection's brackets
// ('[' and '{' are flow) or indentation (block). A null is plain.
enum class YamlStyle : uint8_t {
  kPlain,
  kSingleQuoted,
  kDoubleQuoted,
  kLiteral,  // |
  kFolded,   // >
  kBlock,
  kFlow,
};

class YamlNode;

// The nodes of a sequence, in document order.
class YamlItems {
 public:
  YamlItems() = default;
  YamlItems(const YamlNode* first, size_t count) : first_(first), count_(count) {}
  const YamlNode* begin() const { return first_; }
  const YamlNode* end() const;
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  const YamlNode* first_ = nullptr;
  size_t count_ = 0;
};

struct YamlEntry {
  const YamlNode& key;
  const YamlNode& value;
};

// The entries of a mapping, in document order, duplicate keys included.
class YamlEntries {
 public:
  class iterator {
   public:
    explicit iterator(const YamlNode* at) : at_(at) {}
    YamlEntry operator*() const;
    iterator& operator++();
    bool operator!=(const iterator& other) const { return at_ != other.at_; }
    bool operator==(const iterator& other) const { return at_ == other.at_; }

   private:
    const YamlNode* at_;
  };

  YamlEntries(const YamlNode* first, size_t count) : first_(first), count_(count) {}
  iterator begin() const { return iterator(first_); }
  iterator end() const;
  size_t size() const { return count_; }

 private:
  const YamlNode* first_;
  size_t count_;
};

// One node of a tree; it lives as long as its YamlTree.
class YamlNode {
 public:
  YamlKind kind() const { return kind_; }
  bool IsNull() const { return kind_ == YamlKind::kNull; }
  bool IsScalar() const { return kind_ == YamlKind::kScalar; }
  bool IsSequence() const { return kind_ == YamlKind::kSequence; }
  bool IsMap() const { return kind_ == YamlKind::kMap; }

  // A scalar's text, with escapes, folding and chomping applied; a null's as written
  // ("", "~", "null"…); "" for a collection.
  std::string_view scalar() const { return text_; }
  YamlStyle style() const { return style_; }
  bool quoted() const {
    return style_ == YamlStyle::kSingleQuoted || style_ == YamlStyle::kDoubleQuoted;
  }
  // The tag as libyaml resolves it ("tag:yaml.org,2002:str" for !!str), "" when none.
  std::string_view tag() const { return tag_; }

  // Where the node starts (at its tag, if it has one) and where it ends (just past it).
  // An empty value starts and ends where it is missing: just after its "key:" or "-".
  const YamlMark& start() const { return start_; }
  const YamlMark& end() const { return end_; }
  bool has_place() const { return start_.line > 0; }

  // The items of a sequence, or the entries of a mapping; empty for anything else.
  YamlItems items() const;
  YamlEntries entries() const;
  // The value of the first entry whose key is the scalar `key`, or nullptr.
  const YamlNode* Find(std::string_view key) const;

 private:
  friend class YamlTreeBuilder;

  std::string_view text_;
  std::string_view tag_;
  const YamlNode* children_ = nullptr;  // a mapping's are key, value, key, value…
  uint32_t count_ = 0;                  // of children_
  YamlKind kind_ = YamlKind::kNull;
  YamlStyle style_ = YamlStyle::kPlain;
  YamlMark start_;
  YamlMark end_;
};

inline const YamlNode* YamlItems::end() const { return first_ + count_; }
inline YamlEntry YamlEntries::iterator::operator*() const { return {at_[0], at_[1]}; }
inline YamlEntries::iterator& YamlEntries::iterator::operator++() {
  at_ += 2;
  return *this;
}
inline YamlEntries::iterator YamlEntries::end() const { return iterator(first_ + 2 * count_); }
inline YamlItems YamlNode::items() const {
  return IsSequence() ? YamlItems(children_, count_) : YamlItems();
}
inline YamlEntries YamlNode::entries() const {
  return YamlEntries(children_, IsMap() ? count_ / 2 : 0);
}

// Why a text is not a tree.
struct YamlError {
  enum class Kind {
    kSyntax,          // libyaml refused the text
    kSecondDocument,  // `where` is the second document's start
    kAnchor,          // `where` is the anchored node
    kAlias,
    kTooDeep,  // `where` is the first node deeper than YamlTree::kMaxDepth
  };
  Kind kind = Kind::kSyntax;
  // For kSyntax: libyaml's words, e.g. "mapping values are not allowed in this context",
  // and what it was reading, e.g. "while parsing a flow sequence" ("" when it does not say).
  std::string problem;
  std::string context;
  YamlMark where;
  YamlMark context_where;  // the start of what `context` names
  int character = -1;      // for a character YAML does not allow: its code point
  // The innermost '[' or '{' still open at the mistake; no place when there is none.
  YamlMark open_flow;
};

// A parsed document. Moving it keeps its nodes where they are.
class YamlTree {
 public:
  // How deep nodes may nest, the root being at depth 1. Records need a few levels; the
  // bound keeps pathological files cheap (it is the depth annals has always allowed).
  static constexpr int kMaxDepth = 499;

  // Reads the one document of the UTF-8 `text`, which need not outlive the tree. A text
  // without a document (empty, or only comments) has a null root with no place. On a
  // mistake, returns nullopt and describes the first one in `*error`.
  static std::optional<YamlTree> Parse(std::string_view text, YamlError* error);

  const YamlNode& root() const { return *root_; }

 private:
  YamlTree() = default;

  // Nodes, their children and their text, freed together.
  std::unique_ptr<std::pmr::monotonic_buffer_resource> arena_;
  const YamlNode* root_ = nullptr;
};

}  // namespace annals
