#pragma once

#include "core/endpoints.h"

#include <QStringList>

namespace lockscope {

/// Named connection profiles ("local sandbox", "staging") in QSettings - without passwords.
/// Passwords live in the system keychain (QtKeychain, service "LockScope", key
/// "<profile>/<backend>"); ProfileStore strips them before anything reaches the settings file.
class ProfileStore {
public:
    static QStringList names();
    static Endpoints load(const QString& name);
    /// Stores the URIs with their passwords removed.
    static void save(const QString& name, const Endpoints& endpoints);
    static void remove(const QString& name);

    /// Password helpers shared with the dialog (empty password = none).
    static QString stripPassword(const QString& backend, const QString& uri,
                                 QString* password = nullptr);
    static QString withPassword(const QString& backend, const QString& uri,
                                const QString& password);
    static QString keychainKey(const QString& profile, const QString& backend) {
        return profile + u'/' + backend;
    }
};

} // namespace lockscope
