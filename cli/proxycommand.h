#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli proxy --listen 127.0.0.1:P --target HOST:Q --control SOCKET (internal: the
/// process `sandbox up --proxies` starts in front of each server; `sandbox fault` switches it).
class ProxyCommand {
public:
    static int run(const QStringList& args);
};

} // namespace lockscope::cli
