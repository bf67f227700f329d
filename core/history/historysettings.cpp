#include "core/history/historysettings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace lockscope {

QString HistorySettings::defaultPath() {
    // $LOCKSCOPE_HISTORY_DB names another file, for the console and lockscope-cli alike.
    const QString env = qEnvironmentVariable("LOCKSCOPE_HISTORY_DB");
    if (!env.isEmpty())
        return env;
    // The console's AppDataLocation (organisation and application "LockScope"), spelled out so
    // that lockscope-cli, another application, reads and records the same file.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("LockScope/LockScope/history.sqlite"));
}

HistorySettings HistorySettings::load(QSettings& settings) {
    HistorySettings s;
    // $LOCKSCOPE_HISTORY_DB, when set, wins over the saved file (defaultPath() is then it).
    if (qEnvironmentVariableIsEmpty("LOCKSCOPE_HISTORY_DB"))
        s.path = settings.value(QStringLiteral("history/path")).toString();
    const int days =
        settings.value(QStringLiteral("history/retentionDays"), s.retentionDays).toInt();
    if (days >= 1 && days <= 3650)
        s.retentionDays = days;
    const qint64 mb =
        settings.value(QStringLiteral("history/maxMegabytes"), qint64(s.maxBytes >> 20))
            .toLongLong();
    if (mb >= 1 && mb <= 1024 * 1024)
        s.maxBytes = int64_t(mb) << 20;
    return s;
}

void HistorySettings::save(QSettings& settings) const {
    settings.setValue(QStringLiteral("history/path"), path);
    settings.setValue(QStringLiteral("history/retentionDays"), retentionDays);
    settings.setValue(QStringLiteral("history/maxMegabytes"), qint64(maxBytes >> 20));
}

} // namespace lockscope
