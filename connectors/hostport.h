#pragma once

#include <QString>

namespace lockscope {

/// One "host[:port]" element of a URI; IPv6 literals in brackets ("[::1]:6379").
struct HostPort {
    QString host;
    int port = 0;

    /// Parses text; throws UriError naming "host" or "port". An absent port gives defaultPort.
    static HostPort parse(const QString& text, int defaultPort);
    /// "host:port", brackets around IPv6 literals.
    QString toString() const;
};

/// Decodes %XX escapes in a URI component; throws UriError(part) on a broken escape.
QString percentDecode(const QString& text, const QString& part);

} // namespace lockscope
