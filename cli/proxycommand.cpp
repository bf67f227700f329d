#include "cli/proxycommand.h"

#include "cli/cliutil.h"
#include "core/fault/faultproxyerror.h"
#include "core/fault/proxycontrolerror.h"
#include "core/fault/proxydaemon.h"

#include <QCommandLineParser>

namespace lockscope::cli {

namespace {

/// "host:port" with a port in 1..65535 (listen: 0 too); false when malformed.
bool hostPort(const QString& text, QString* host, int* port, bool allowZero) {
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    bool ok = false;
    *host = text.left(colon);
    *port = text.mid(colon + 1).toInt(&ok);
    return ok && *port >= (allowZero ? 0 : 1) && *port <= 65535;
}

} // namespace

int ProxyCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Internal: a fault proxy in front of one server, switched through its "
                       "control socket (sandbox up --proxies starts these; sandbox fault "
                       "switches them)."));
    parser.addOption({QStringLiteral("listen"), QStringLiteral("127.0.0.1:PORT to listen on."),
                      QStringLiteral("addr")});
    parser.addOption({QStringLiteral("target"), QStringLiteral("HOST:PORT of the server."),
                      QStringLiteral("addr")});
    parser.addOption({QStringLiteral("control"),
                      QStringLiteral("Path of the control socket (created 0600)."),
                      QStringLiteral("path")});
    if (int rc = 0; !parseArgs(parser, args, &rc))
        return rc;
    ProxyDaemon::Options options;
    QString listenHost;
    if (!hostPort(parser.value(QStringLiteral("listen")), &listenHost, &options.listenPort, true) ||
        listenHost != u"127.0.0.1") {
        printError(QStringLiteral("proxy: --listen must be 127.0.0.1:PORT (got '%1')")
                       .arg(parser.value(QStringLiteral("listen"))));
        return BadArguments;
    }
    if (!hostPort(parser.value(QStringLiteral("target")), &options.upstreamHost,
                  &options.upstreamPort, false)) {
        printError(QStringLiteral("proxy: --target must be HOST:PORT (got '%1')")
                       .arg(parser.value(QStringLiteral("target"))));
        return BadArguments;
    }
    options.controlPath = parser.value(QStringLiteral("control"));
    if (options.controlPath.isEmpty()) {
        printError(QStringLiteral("proxy: --control is required"));
        return BadArguments;
    }
    try {
        ProxyDaemon daemon(options); // blocks the end signals before the proxy's thread starts
        daemon.run();
        return Ok;
    } catch (const FaultProxyError& e) {
        printError(e.message());
    } catch (const ProxyControlError& e) {
        printError(e.message());
    }
    return InfraError;
}

} // namespace lockscope::cli
