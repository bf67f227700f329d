#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli exporter --listen HOST:PORT [monitor options]: the monitor's view as
/// Prometheus metrics on http://HOST:PORT/metrics (LockMetrics, MetricsServer), refreshed like
/// `locks watch` on a thread of its own; a scrape serves the last refresh at once.
class ExporterCommand {
public:
    static int run(const QStringList& args);
};

} // namespace lockscope::cli
