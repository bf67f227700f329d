#pragma once

#include <QString>
#include <cstdint>

class QSettings;

namespace lockscope {

/// Where the history store lives and how much of it is kept (docs/HISTORY-STORE.md). The
/// console reads them from its QSettings ("history/..."), the CLI from --history-db,
/// --history-retention-days and --history-max-mb.
struct HistorySettings {
    QString path;                   ///< the SQLite file; empty: defaultPath()
    int retentionDays = 30;         ///< rows that ended longer ago are deleted
    int64_t maxBytes = 256LL << 20; ///< the oldest rows are deleted beyond this, then vacuumed

    /// $LOCKSCOPE_HISTORY_DB when set, else the console's QStandardPaths::AppDataLocation +
    /// "/history.sqlite"
    /// (~/.local/share/LockScope/LockScope/history.sqlite), the CLI's default too.
    static QString defaultPath();
    QString effectivePath() const { return path.isEmpty() ? defaultPath() : path; }
    int64_t retentionMs() const { return int64_t(retentionDays) * 24 * 3600 * 1000; }

    /// From the user's settings (or the given ones, in tests); defaults for missing keys.
    static HistorySettings load(QSettings& settings);
    void save(QSettings& settings) const;
};

} // namespace lockscope
