#include "gui/transportlabel.h"

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"

namespace lockscope {

TlsOptions tlsOfSslMode(const QString& mode) {
    TlsOptions tls;
    tls.enabled = mode == u"require" || mode == u"verify-ca" || mode == u"verify-full";
    tls.verifyPeer = mode != u"require";
    tls.verifyHost = mode == u"verify-full";
    return tls;
}

TransportLabel::TransportLabel(QWidget* parent)
    : QLabel(parent) {
    setTextFormat(Qt::RichText);
    hide();
}

void TransportLabel::setEndpoints(const Endpoints& e) {
    QStringList secured, unverified;
    const auto note = [&](const QString& name, const TlsOptions& tls) {
        if (!tls.enabled)
            return;
        secured << name;
        if (tls.insecure())
            unverified << name;
    };
    try {
        note(tr("Redis"), RedisUri::parse(e.redis).tls);
    } catch (const UriError&) {
    }
    try {
        note(tr("ZooKeeper"), ZooKeeperUri::parse(e.zookeeper).tls);
    } catch (const UriError&) {
    }
    try {
        note(tr("PostgreSQL"),
             tlsOfSslMode(PostgresUri::parse(e.postgres).value(QStringLiteral("sslmode"))));
    } catch (const UriError&) {
    }
    try {
        if (!e.redlock.isEmpty()) {
            bool any = false;
            TlsOptions worst;
            for (const RedisUri& r : RedisUri::parseList(e.redlock))
                if (r.tls.enabled) {
                    any = true;
                    if (r.tls.insecure())
                        worst = r.tls;
                    else if (!worst.enabled)
                        worst = r.tls;
                }
            if (any)
                note(tr("Redlock"), worst);
        }
    } catch (const UriError&) {
    }
    QString tunnel;
    try {
        if (!e.ssh.isEmpty())
            tunnel = SshTunnel::parse(e.ssh).describe();
    } catch (const UriError&) {
    }
    QStringList parts;
    QStringList tips;
    m_warns = !unverified.isEmpty();
    if (m_warns) {
        parts << QStringLiteral("<span style='color:#c0392b;font-weight:bold'>%1</span>")
                     .arg(tr("TLS verification OFF: %1")
                              .arg(unverified.join(QStringLiteral(", ")))
                              .toHtmlEscaped());
        tips << tr("These connections are encrypted but do not check whom they talk to: a "
                   "man in the middle would not be noticed. Give the server's CA (ssl_ca, "
                   "sslrootcert) instead of turning verification off.");
    } else if (!secured.isEmpty()) {
        parts << tr("TLS: %1").arg(secured.join(QStringLiteral(", "))).toHtmlEscaped();
        tips << tr("Encrypted, each server's certificate and name verified.");
    }
    if (!tunnel.isEmpty()) {
        parts << tr("via ssh %1").arg(tunnel).toHtmlEscaped();
        tips << tr("Every connection goes through the SSH host %1; its host key is checked "
                   "against known_hosts.")
                    .arg(tunnel);
    }
    setText(parts.join(QStringLiteral(" · ")));
    setToolTip(tips.join(u'\n'));
    setVisible(!parts.isEmpty());
}

} // namespace lockscope
