#pragma once

#include "core/endpoints.h"

#include <QStringList>

class QSettings;

namespace lockscope {

/// Named connection profiles ("local sandbox", "staging") in QSettings - without passwords:
/// the Redis URI (any topology: redis://, redis-cluster://, redis-sentinel://), the ZooKeeper
/// connect string (one member or an ensemble), PostgreSQL, and Redlock's servers (a list of
/// redis:// URIs, "redlock"; empty: none). Passwords live in the system keychain (QtKeychain,
/// service "LockScope", key "<profile>/<backend>", "<profile>/redlock" for Redlock's one
/// password); ProfileStore strips them before anything reaches the settings file.
class ProfileStore {
public:
    /// The user's settings (QSettings()).
    static QStringList names();
    static Endpoints load(const QString& name);
    /// Stores the URIs with their passwords removed.
    static void save(const QString& name, const Endpoints& endpoints);
    static void remove(const QString& name);
    /// The same on given settings (a file of an operator, a test's, the fuzzer's). What is
    /// loaded is whatever the file says: each URI is checked where it is used.
    static QStringList names(QSettings& settings);
    static Endpoints load(const QSettings& settings, const QString& name);
    static void save(QSettings& settings, const QString& name, const Endpoints& endpoints);

    /// Password helpers shared with the dialog (empty password = none).
    static QString stripPassword(const QString& backend, const QString& uri,
                                 QString* password = nullptr);
    static QString withPassword(const QString& backend, const QString& uri,
                                const QString& password);
    /// Redlock's list: the servers without passwords, and the one password they share (the
    /// first one given). An unparsable list gives "" (never stored: it might hold a password).
    static QString stripRedlockPassword(const QString& list, QString* password = nullptr);
    /// Every server of the list given password (none: the list as it is). Throws UriError.
    static QString withRedlockPassword(const QString& list, const QString& password);
    static QString keychainKey(const QString& profile, const QString& backend) {
        return profile + u'/' + backend;
    }
};

} // namespace lockscope
