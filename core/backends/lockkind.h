#pragma once

#include "connectors/backend.h"

#include <QString>

namespace lockscope {

/// What kind of lock an entry is (redis-key, redisson-hash, zk-recipe, pg-row, pg-advisory,
/// lease, ...). Each backend declares its kinds in its own folder as constants; a LockKind is
/// compared by identity, and its name is used only at the edges (JSON, logs, the UI).
class LockKind {
public:
    struct Info {
        const char* name; ///< stable, for JSON and the CLI: "redis-key"
        Backend backend;  ///< the server kind it lives on
        const char*
            description; ///< one line for tooltips and docs, in QT_TRANSLATE_NOOP("LockKind", ...)
    };

    constexpr LockKind() = default;
    constexpr explicit LockKind(const Info* info)
        : m_info(info) {}

    bool isValid() const { return m_info != nullptr; }
    QString name() const;
    QString description() const;
    Backend backend() const;
    friend constexpr bool operator==(LockKind a, LockKind b) { return a.m_info == b.m_info; }

private:
    const Info* m_info = nullptr;
};

} // namespace lockscope
