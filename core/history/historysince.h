#pragma once

#include <QString>
#include <cstdint>
#include <optional>

namespace lockscope {

/// A point in time as an operator writes it for `locks history --since`: a span back from now
/// ("90s", "10m", "2h", "7d") or an ISO 8601 date-time ("2026-11-27T10:00", local time unless it
/// names a zone; a bare date is its midnight).
class HistorySince {
public:
    /// Wall clock ms; nullopt when the text is neither.
    static std::optional<int64_t> parse(const QString& text, int64_t nowMs);
};

} // namespace lockscope
