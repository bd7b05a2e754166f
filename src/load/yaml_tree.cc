#include "load/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "util/text.h"

namespace annals {

namespace {

// libyaml counts places in characters; annals in bytes. Maps libyaml's character
// indices to byte offsets with a cursor, cheap for indices that mostly grow, as the
// events' do. In ASCII text, the two are the same.
class ByteOffsets {
 public:
  explicit ByteOffsets(std::string_view text) : text_(text), ascii_(IsAscii(text)) {}

  size_t Of(size_t index) {
    if (ascii_) return std::min(index, text_.size());
    while (index_ < index && byte_ < text_.size()) {
      // Every byte but a continuation byte starts a character.
      const size_t end = std::min(byte_ + (index - index_), text_.size());
      for (; byte_ < end; ++byte_) index_ += !IsContinuation(text_[byte_]);
      while (byte_ < text_.size() && IsContinuation(text_[byte_])) ++byte_;
    }
    while (index_ > index) {
      --byte_;
      while (byte_ > 0 && IsContinuation(text_[byte_])) --byte_;
      --index_;
    }
    return byte_;
  }

 private:
  static bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
  static bool IsAscii(std::string_view text) {
    unsigned char bits = 0;
    for (char c : text) bits |= static_cast<unsigned char>(c);
    return bits < 0x80;
  }

  std::string_view text_;
  bool ascii_;
  size_t index_ = 0;
  size_t byte_ = 0;
};

bool IsNullWord(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Deletes a parsed event at the end of a scope.
class Event {
 public:
  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() {
    if (parsed_) yaml_event_delete(&event_);
  }
  // Parses the next event; false on a mistake.
  bool Next(yaml_parser_t* parser) {
    if (parsed_) yaml_event_delete(&event_);
    parsed_ = yaml_parser_parse(parser, &event_) != 0;
    return parsed_;
  }
  const yaml_event_t& operator*() const { return event_; }
  const yaml_event_t* operator->() const { return &event_; }

 private:
  yaml_event_t event_{};
  bool parsed_ = false;
};

class Parser {
 public:
  explicit Parser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
  ~Parser() { yaml_parser_delete(&parser_); }
  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_;
};

}  // namespace

// Builds a tree from libyaml's events. Nodes wait in `pending_` until their collection
// ends; then its children are copied, contiguous, into the arena.
class YamlTreeBuilder {
 public:
  YamlTreeBuilder(std::string_view text, std::pmr::memory_resource* arena)
      : text_(text), offsets_(text), arena_(arena) {}

  // The root, or nullptr with `*error` set.
  const YamlNode* Build(YamlError* error) {
    Parser parser(text_);
    Event event;
    int documents = 0;
    while (true) {
      if (!event.Next(parser.get())) return Fail(*parser.get(), error);
      switch (event->type) {
        case YAML_DOCUMENT_START_EVENT:
          if (++documents == 2) return Fail(YamlError::Kind::kSecondDocument, *event, error);
          break;
        case YAML_ALIAS_EVENT:
          return Fail(YamlError::Kind::kAlias, *event, error);
        case YAML_SCALAR_EVENT:
          if (!Open(*event, event->data.scalar.anchor, error)) return nullptr;
          AddScalar(*event);
          break;
        case YAML_SEQUENCE_START_EVENT:
          if (!Open(*event, event->data.sequence_start.anchor, error)) return nullptr;
          AddCollection(*event, YamlKind::kSequence, event->data.sequence_start.tag,
                        event->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
          break;
        case YAML_MAPPING_START_EVENT:
          if (!Open(*event, event->data.mapping_start.anchor, error)) return nullptr;
          AddCollection(*event, YamlKind::kMap, event->data.mapping_start.tag,
                        event->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          Close(event->end_mark);
          break;
        case YAML_STREAM_END_EVENT:
          return Root();
        default:
          break;
      }
    }
  }

 private:
  YamlMark Mark(const yaml_mark_t& mark) {
    return {offsets_.Of(mark.index), static_cast<int>(mark.line) + 1,
            static_cast<int>(mark.column) + 1};
  }

  std::string_view Copy(const yaml_char_t* text, size_t length) {
    if (length == 0) return {};
    char* copy = static_cast<char*>(arena_->allocate(length, 1));
    std::memcpy(copy, text, length);
    return {copy, length};
  }
  std::string_view Copy(const yaml_char_t* text) {
    return text ? Copy(text, std::strlen(reinterpret_cast<const char*>(text))) : "";
  }

  // Checks a node about to be added: its depth, and that it has no anchor.
  bool Open(const yaml_event_t& event, const yaml_char_t* anchor, YamlError* error) {
    if (open_.size() + 1 > static_cast<size_t>(YamlTree::kMaxDepth)) {
      Fail(YamlError::Kind::kTooDeep, event, error);
      return false;
    }
    if (anchor) {
      Fail(YamlError::Kind::kAnchor, event, error);
      return false;
    }
    return true;
  }

  void AddScalar(const yaml_event_t& event) {
    const auto& scalar = event.data.scalar;
    YamlNode node;
    node.text_ = Copy(scalar.value, scalar.length);
    node.tag_ = Copy(scalar.tag);
    node.start_ = Mark(event.start_mark);
    node.end_ = Mark(event.end_mark);
    switch (scalar.style) {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        node.style_ = YamlStyle::kSingleQuoted;
        break;
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        node.style_ = YamlStyle::kDoubleQuoted;
        break;
      case YAML_LITERAL_SCALAR_STYLE:
        node.style_ = YamlStyle::kLiteral;
        break;
      case YAML_FOLDED_SCALAR_STYLE:
        node.style_ = YamlStyle::kFolded;
        break;
      default:
        node.style_ = YamlStyle::kPlain;
        break;
    }
    const bool null =
        node.style_ == YamlStyle::kPlain && node.tag_.empty() && IsNullWord(node.text_);
    node.kind_ = null ? YamlKind::kNull : YamlKind::kScalar;
    pending_.push_back(node);
  }

  void AddCollection(const yaml_event_t& event, YamlKind kind, const yaml_char_t* tag, bool flow) {
    YamlNode node;
    node.kind_ = kind;
    node.style_ = flow ? YamlStyle::kFlow : YamlStyle::kBlock;
    node.tag_ = Copy(tag);
    node.start_ = Mark(event.start_mark);
    open_.push_back(pending_.size());
    pending_.push_back(node);
  }

  void Close(const yaml_mark_t& end) {
    const size_t at = open_.back();
    open_.pop_back();
    YamlNode& node = pending_[at];
    node.end_ = Mark(end);
    node.count_ = static_cast<uint32_t>(pending_.size() - at - 1);
    node.children_ = Store(pending_.data() + at + 1, node.count_);
    pending_.resize(at + 1);
  }

  const YamlNode* Store(const YamlNode* nodes, size_t count) {
    if (count == 0) return nullptr;
    auto* stored =
        static_cast<YamlNode*>(arena_->allocate(count * sizeof(YamlNode), alignof(YamlNode)));
    std::uninitialized_copy_n(nodes, count, stored);
    return stored;
  }

  const YamlNode* Root() {
    static_assert(std::is_trivially_destructible_v<YamlNode>, "the arena runs no destructors");
    if (pending_.empty()) pending_.emplace_back();  // no document: a null with no place
    return Store(pending_.data(), 1);
  }

  const YamlNode* Fail(YamlError::Kind kind, const yaml_event_t& event, YamlError* error) {
    *error = YamlError();
    error->kind = kind;
    error->where = Mark(event.start_mark);
    error->open_flow = OpenFlow();
    return nullptr;
  }

  const YamlNode* Fail(const yaml_parser_t& parser, YamlError* error) {
    *error = YamlError();
    error->open_flow = OpenFlow();
    if (parser.error == YAML_MEMORY_ERROR) {
      error->problem = "out of memory";
      return nullptr;
    }
    error->problem = parser.problem ? parser.problem : "unknown error";
    if (parser.context) {
      error->context = parser.context;
      error->context_where = Mark(parser.context_mark);
    }
    if (parser.error == YAML_READER_ERROR) {
      // A character YAML does not allow; libyaml gives its byte offset, not a mark.
      error->where = PlaceOfByte(std::min(parser.problem_offset, text_.size()));
      error->character = parser.problem_value;
    } else {
      error->where = Mark(parser.problem_mark);
    }
    return nullptr;
  }

  YamlMark PlaceOfByte(size_t offset) const {
    const LineIndex lines(text_);  // only on this rare mistake
    return {offset, lines.LineOf(offset), lines.ColumnOf(offset)};
  }

  YamlMark OpenFlow() const {
    if (open_.empty() || pending_[open_.back()].style_ != YamlStyle::kFlow) return {};
    return pending_[open_.back()].start_;
  }

  std::string_view text_;
  ByteOffsets offsets_;
  std::pmr::memory_resource* arena_;
  std::vector<YamlNode> pending_;  // finished nodes and open collections, in order
  std::vector<size_t> open_;       // indices in pending_ of the open collections
};

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (YamlEntry entry : entries())
    if (entry.key.IsScalar() && entry.key.scalar() == key) return &entry.value;
  return nullptr;
}

std::optional<YamlTree> YamlTree::Parse(std::string_view text, YamlError* error) {
  YamlTree tree;
  // Nodes take a few times the bytes of the text they come from.
  tree.arena_ =
      std::make_unique<std::pmr::monotonic_buffer_resource>(std::max<size_t>(1024, text.size()));
  YamlTreeBuilder builder(text, tree.arena_.get());
  tree.root_ = builder.Build(error);
  if (!tree.root_) return std::nullopt;
  return tree;
}

}  // namespace annals
