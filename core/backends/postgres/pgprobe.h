#pragma once

#include "core/backends/lockbackend.h"

#include <QString>
#include <memory>

namespace lockscope {

class PgConnection;

/// SELECT 1 over a kept connection; a new connection only after a failure.
class PgProbe : public BackendProbe {
public:
    explicit PgProbe(QString uri);
    ~PgProbe() override;
    BackendHealth probe() override;

private:
    QString m_uri;
    std::unique_ptr<PgConnection> m_connection;
    QString m_version;
};

} // namespace lockscope
