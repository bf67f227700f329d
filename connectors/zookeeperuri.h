#pragma once

#include "connectors/hostport.h"
#include "connectors/transport/tlsoptions.h"

#include <QList>
#include <QString>

namespace lockscope {

/// zookeeper://[user:password@]host1:port1,host2:port2[/chroot]  (digest auth)
/// zookeeper+tls://...?ssl_ca=ca.pem&ssl_cert=c.pem&ssl_key=c.key: every member's
/// secureClientPort over TLS, with the TLS options of a rediss:// URI.
struct ZooKeeperUri {
    QString user;
    QString password;
    QList<HostPort> hosts{HostPort{QStringLiteral("127.0.0.1"), 2181}};
    QString chroot; ///< empty or "/a/b"
    TlsOptions tls = {};

    static ZooKeeperUri parse(const QString& text);
    /// $LOCKSCOPE_ZOOKEEPER if set, else zookeeper://127.0.0.1:2181.
    static ZooKeeperUri fromEnvironment();
    QString toString(bool withPassword = false) const;
    /// The host string zookeeper_init() takes: "h1:p1,h2:p2/chroot".
    QString connectString() const;
};

} // namespace lockscope
