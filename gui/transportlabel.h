#pragma once

#include "connectors/transport/tlsoptions.h"
#include "core/endpoints.h"

#include <QLabel>

namespace lockscope {

/// The status bar's word on how LockScope reaches its servers: which speak TLS, a warning when a
/// URI turns TLS verification off (ssl_cert_reqs=none, ssl_check_hostname=false, sslmode=require),
/// and the SSH bastion in use. Hidden when every connection is plain and direct.
/// What a libpq sslmode means as TLS: require encrypts without checks, verify-ca checks the
/// chain, verify-full the chain and the host name; anything else is no (guaranteed) TLS.
TlsOptions tlsOfSslMode(const QString& sslmode);

class TransportLabel : public QLabel {
    Q_OBJECT
public:
    explicit TransportLabel(QWidget* parent = nullptr);
    void setEndpoints(const Endpoints& endpoints);
    /// A connection's TLS verification is off: the label is a warning.
    bool warns() const { return m_warns; }

private:
    bool m_warns = false;
};

} // namespace lockscope
