#include "connectors/postgresuri.h"

#include "connectors/urierror.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>
#include <algorithm>
#include <libpq-fe.h>

namespace lockscope {

namespace {

/// The password as it may appear in the text (as written, and percent-decoded), from a URI's
/// userinfo or a conninfo's password=...: what an error message must never repeat.
QStringList passwordsIn(const QString& text) {
    QStringList out;
    const qsizetype scheme = text.indexOf(QStringLiteral("://"));
    if (scheme >= 0) {
        const QString rest = text.mid(scheme + 3);
        const qsizetype at =
            rest.lastIndexOf(u'@', rest.indexOf(u'/') < 0 ? -1 : rest.indexOf(u'/'));
        const QString userinfo = at >= 0 ? rest.left(at) : QString();
        const qsizetype colon = userinfo.indexOf(u':');
        if (colon >= 0)
            out << userinfo.mid(colon + 1);
    }
    static const QRegularExpression keyword(
        QStringLiteral("(?:^|[\\s?&])password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|[^\\s&]+)"));
    for (auto it = keyword.globalMatch(text); it.hasNext();) {
        QString v = it.next().captured(1);
        if (v.startsWith(u'\'') && v.endsWith(u'\'') && v.size() >= 2)
            v = v.mid(1, v.size() - 2);
        out << v;
    }
    QStringList all;
    for (const QString& p : std::as_const(out)) {
        if (p.isEmpty())
            continue;
        all << p << QUrl::fromPercentEncoding(p.toUtf8());
    }
    return all;
}

} // namespace

QString PostgresUri::maskPasswords(const QString& text, const QString& message) {
    QString masked = message;
    QStringList secrets = passwordsIn(text);
    // Longest first, so a password containing another's text is masked whole.
    std::sort(secrets.begin(), secrets.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    for (const QString& p : std::as_const(secrets))
        if (p.size() >= 1)
            masked.replace(p, QStringLiteral("***"));
    return masked;
}

PostgresUri PostgresUri::parse(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        throw UriError(QStringLiteral("conninfo"),
                       QStringLiteral("empty PostgreSQL connection string"));
    // A URI of another scheme ("redis://h") is named as such; "://" inside a keyword=value
    // string (a password, an application_name) is libpq's to read.
    static const QRegularExpression otherScheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    if (const auto m = otherScheme.match(trimmed);
        m.hasMatch() && m.captured(1) != u"postgresql" && m.captured(1) != u"postgres")
        throw UriError(QStringLiteral("scheme"),
                       QStringLiteral("a PostgreSQL URI starts with postgresql:// (got '%1')")
                           .arg(m.captured(1)));
    char* err = nullptr;
    const QByteArray utf8 = trimmed.toUtf8();
    PQconninfoOption* options = PQconninfoParse(utf8.constData(), &err);
    if (!options) {
        QString message = err ? QString::fromUtf8(err).trimmed() : QStringLiteral("out of memory");
        if (err)
            PQfreemem(err);
        // libpq's message names the bad part ("invalid port number", "invalid URI query
        // parameter").
        QString part = QStringLiteral("conninfo");
        if (message.contains(QStringLiteral("port")))
            part = QStringLiteral("port");
        else if (message.contains(QStringLiteral("host")))
            part = QStringLiteral("host");
        // libpq quotes the bad token or the whole URI: never the password.
        throw UriError(part, maskPasswords(trimmed, message));
    }
    PostgresUri uri;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (o->val)
            uri.params.insert(QString::fromUtf8(o->keyword), QString::fromUtf8(o->val));
    }
    PQconninfoFree(options);
    // Like an empty string: "postgresql://" alone would connect wherever libpq's defaults and
    // the environment say, which nobody means to type (and its conninfo form, "", is refused).
    if (uri.params.isEmpty())
        throw UriError(QStringLiteral("conninfo"),
                       QStringLiteral("the PostgreSQL connection string sets nothing (no host, "
                                      "port, database or user)"));
    return uri;
}

PostgresUri PostgresUri::fromEnvironment() {
    const QString env = qEnvironmentVariable("LOCKSCOPE_POSTGRES");
    return parse(env.isEmpty() ? QStringLiteral("postgresql://127.0.0.1:5432/postgres") : env);
}

QString PostgresUri::toConninfo(bool withPassword) const {
    QStringList parts;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        QString v = it.value();
        if (it.key() == u"password" && !withPassword)
            v = QStringLiteral("***");
        v.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
        parts << QStringLiteral("%1='%2'").arg(it.key(), v);
    }
    return parts.join(u' ');
}

QString PostgresUri::toString() const {
    QString userinfo;
    if (params.contains(QStringLiteral("user")))
        userinfo =
            params.value(QStringLiteral("user")) +
            (params.contains(QStringLiteral("password")) ? QStringLiteral(":***") : QString()) +
            u'@';
    const QString host = params.value(QStringLiteral("host"), QStringLiteral("localhost"));
    const QString port = params.value(QStringLiteral("port"), QStringLiteral("5432"));
    return QStringLiteral("postgresql://%1%2:%3/%4")
        .arg(userinfo, host, port, params.value(QStringLiteral("dbname")));
}

} // namespace lockscope
