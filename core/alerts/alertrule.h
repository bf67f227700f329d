#pragma once

#include "connectors/backend.h"
#include "core/backends/lockkind.h"
#include "core/monitor/lockentry.h"

#include <QJsonObject>
#include <QString>
#include <chrono>
#include <cstdint>
#include <optional>

namespace lockscope {

/// One alert rule (docs/ALERTS.md): what condition, for how long, on which locks. A plain value;
/// the text form (`held>5m:kind=redis-key`) is for the CLI and the JSON form for settings, both
/// parsed and validated here, with an error that says what is wrong.
struct AlertRule {
    enum class Type {
        Held,       ///< held longer than the threshold
        NotRenewed, ///< a lease whose deadline passed (or fell below below% of it) unrenewed
        NoExpiry,   ///< a lock without a lease, held longer than the threshold
        Blocking,   ///< a holder with waiters behind it for longer than the threshold
        Orphaned,   ///< the holder's process is gone (LockFlag::Orphaned)
        Down,       ///< a server that could not be read for longer than the threshold
    };

    Type type = Type::Held;
    std::chrono::milliseconds threshold{0};
    std::optional<Backend> backend; ///< only locks of (or, for down, only) this server kind
    LockKind kind;                  ///< only this lock kind (invalid: any)
    QString resourceGlob;           ///< only resources matching this glob (logical or physical)
    int belowPercent = 0; ///< not-renewed: fire when the remaining lease < this % (0: at deadline)
    bool enabled = true;

    /// "held", "not-renewed", "no-expiry", "blocking", "orphaned", "down".
    static QString typeName(Type type);
    static std::optional<Type> typeFromName(const QString& name);
    /// Parses `type[>duration][:key=value]...`; nullopt and *error when it is not a rule.
    static std::optional<AlertRule> parse(const QString& text, QString* error = nullptr);
    /// The canonical text (parse(toText()) == *this, enabled aside): also the rule's identity.
    QString toText() const;
    /// {"type", "threshold_ms", "backend", "kind", "resource", "below_pct", "enabled"}.
    QJsonObject toJson() const;
    static std::optional<AlertRule> fromJson(const QJsonObject& o, QString* error = nullptr);
    /// A short sentence for people: "held longer than 5m (kind redis-key)".
    QString describe() const;

    /// True for the rules that look at locks (all but down).
    bool isLockRule() const { return type != Type::Down; }
    /// Whether e passes the rule's filters (backend, kind, resource glob).
    bool matches(const LockEntry& e) const;
    /// The longest duration a rule takes: 30 days.
    static constexpr std::chrono::milliseconds kMaxThreshold{std::chrono::hours(24 * 30)};
    /// "500ms", "30s", "5m", "1h" (a unit is required) -> milliseconds; nullopt when not a
    /// duration of at most kMaxThreshold.
    static std::optional<std::chrono::milliseconds> parseDuration(const QString& text);
    /// "1h", "5m", "30s", "250ms".
    static QString formatDuration(std::chrono::milliseconds d);

    bool operator==(const AlertRule& o) const {
        return type == o.type && threshold == o.threshold && backend == o.backend &&
               kind == o.kind && resourceGlob == o.resourceGlob && belowPercent == o.belowPercent &&
               enabled == o.enabled;
    }

private:
    /// The checks parse() and fromJson() share; an error message or empty.
    QString validate() const;
};

} // namespace lockscope
