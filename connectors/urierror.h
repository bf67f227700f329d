#pragma once

#include <QString>
#include <stdexcept>

namespace lockscope {

/// A connection URI that cannot be used. part() names the offending component
/// ("scheme", "host", "port", "db", "userinfo", "chroot", "conninfo"); empty when the rule
/// broken is a list's, not one URI's (Redlock's at least 3 servers).
class UriError : public std::invalid_argument {
public:
    UriError(QString part, const QString& message)
        : std::invalid_argument(message.toStdString())
        , m_part(std::move(part)) {}
    const QString& part() const { return m_part; }
    QString message() const { return QString::fromStdString(what()); }

private:
    QString m_part;
};

} // namespace lockscope
