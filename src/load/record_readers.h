// One reader per kind of record, each turning a parsed YAML node into records of the
// archive. Used by the loader; split out so that each stays short.
#pragma once

#include "load/yaml_reader.h"
#include "model/archive.h"

namespace annals {

void ReadArchiveSettings(YamlSource& source, const YamlNode& root, ArchiveSettings* settings);
void ReadPeople(YamlSource& source, const YamlNode& root, Archive* archive);
void ReadRecommendationSet(YamlSource& source, const YamlNode& root, Archive* archive);
void ReadMeeting(YamlSource& source, const YamlNode& root, Archive* archive);
void ReadActionItems(YamlSource& source, const YamlNode& root, Archive* archive);
void ReadBriefing(YamlSource& source, const YamlNode& root, Archive* archive);
// `front_matter` is parsed already; the body starts at `body_offset` in the source.
void ReadDocument(YamlSource& source, const YamlNode& front_matter, size_t body_offset,
                  Archive* archive);

}  // namespace annals
