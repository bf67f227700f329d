#pragma once

#include <QMap>
#include <QString>

namespace lockscope {

/// A libpq connection string in either of libpq's syntaxes: a postgresql:// URI or
/// keyword=value pairs. Parsed by libpq itself (PQconninfoParse), so whatever libpq accepts
/// is accepted and libpq's own error text names the bad part.
struct PostgresUri {
    QMap<QString, QString> params; ///< keyword -> value, only the ones given

    /// Throws UriError: libpq's own error, another URI scheme, or a text that sets nothing
    /// ("", "postgresql://").
    static PostgresUri parse(const QString& text);
    /// message with every password written in text (URI userinfo or password=...) replaced by
    /// "***", for errors that quote what the user typed.
    static QString maskPasswords(const QString& text, const QString& message);
    /// $LOCKSCOPE_POSTGRES if set, else postgresql://127.0.0.1:5432/postgres.
    static PostgresUri fromEnvironment();
    /// keyword=value form with values quoted; password masked unless withPassword.
    QString toConninfo(bool withPassword = false) const;
    /// postgresql://user:***@host:port/db for display.
    QString toString() const;
    QString value(const QString& key) const { return params.value(key); }
};

} // namespace lockscope
