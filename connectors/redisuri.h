#pragma once

#include <QString>

namespace lockscope {

/// redis://[user[:password]@]host[:port][/db]
struct RedisUri {
    QString user;     ///< empty: the default user
    QString password; ///< empty: no AUTH
    QString host = QStringLiteral("127.0.0.1");
    int port = 6379;
    int db = 0;

    /// Throws UriError naming the bad part.
    static RedisUri parse(const QString& text);
    /// $LOCKSCOPE_REDIS if set, else redis://127.0.0.1:6379.
    static RedisUri fromEnvironment();
    /// Round-trippable URI; the password is replaced by "***" unless withPassword.
    QString toString(bool withPassword = false) const;
};

} // namespace lockscope
