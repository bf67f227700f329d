// The console's settings file (QSettings, INI) as LockScope reads it: the connection profiles
// (ProfileStore::names / load, then each URI through its backend's uriWithoutPassword, as the
// Connections dialog does, and Redlock's list) and the stale rules (StaleRuleSettings::load).
// Whatever the file holds: only UriError escapes a URI's parser, a stripped URI holds no
// password, and the stale rules loaded are valid.
#include "connectors/urierror.h"
#include "core/monitor/stalerulesettings.h"
#include "core/profilestore.h"
#include "tests/fuzz/fuzzcheck.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>

using namespace lockscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static QTemporaryDir dir;
    static const QString path = dir.filePath(QStringLiteral("LockScope.conf"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        f.write(reinterpret_cast<const char*>(data), qint64(size));
    }
    QSettings settings(path, QSettings::IniFormat);
    int profiles = 0;
    for (const QString& name : ProfileStore::names(settings)) {
        if (++profiles > 8)
            break;
        const Endpoints e = ProfileStore::load(settings, name);
        const std::pair<const char*, QString> uris[] = {
            {"redis", e.redis}, {"zookeeper", e.zookeeper}, {"postgres", e.postgres}};
        for (const auto& [backend, uri] : uris) {
            QString password;
            const QString stripped =
                ProfileStore::stripPassword(QLatin1String(backend), uri, &password);
            if (stripped.isEmpty())
                continue;
            QString again;
            (void)ProfileStore::stripPassword(QLatin1String(backend), stripped, &again);
            FUZZ_CHECK(again.isEmpty(), QStringLiteral("%1: '%2' -> '%3' still has a password")
                                            .arg(QLatin1String(backend), uri, stripped));
            // The password given back joins the stripped URI again.
            try {
                (void)ProfileStore::withPassword(QLatin1String(backend), stripped, password);
            } catch (const UriError&) {
                FUZZ_CHECK(false, QStringLiteral("%1: '%2' stripped to '%3', which does not parse")
                                      .arg(QLatin1String(backend), uri, stripped));
            }
        }
        QString password;
        const QString redlock = ProfileStore::stripRedlockPassword(e.redlock, &password);
        if (!redlock.isEmpty()) {
            QString again;
            (void)ProfileStore::stripRedlockPassword(redlock, &again);
            FUZZ_CHECK(again.isEmpty(), redlock);
        }
    }
    const StaleRuleSettings rules = StaleRuleSettings::load(settings);
    FUZZ_CHECK(StaleRules::fromJson(rules.rules.toJson()).has_value(),
               QStringLiteral("invalid stale rules loaded"));
    return 0;
}
