#include "cli/benchcommand.h"
#include "cli/chaoscommand.h"
#include "cli/cliutil.h"
#include "cli/democommand.h"
#include "cli/diagramcommand.h"
#include "cli/exportercommand.h"
#include "cli/lockscommand.h"
#include "cli/proxycommand.h"
#include "cli/sandboxcommand.h"
#include "cli/sessionscommand.h"
#include "cli/shopcommand.h"
#include "core/monitor/displaytext.h"
#include "packaging/buildversion.h"

#include <QCoreApplication>
#include <QMap>

#include <cstdio>

using namespace lockscope::cli;

namespace {

const char* kUsage = R"(usage: lockscope-cli <command> [options]

commands:
  sandbox up|down|status --dir D   real servers on loopback for tests and demos
  sandbox fault --dir D --server S --mode M   switch the proxies of `up --proxies`
  shop load-demo                   load the demo inventory into every store
  shop set-stock --item I --stock N   set one item's stock (and forget its fence)
  stock list                       stock per item in each store
  demo --strategy S ...            many buyers race for the last items
  demo compare --strategies a,b    the same scenario for each strategy, one table
  demo verify --history FILE       recompute a run's verdict from its history
  demo render --history FILE --out F.svg|F.png   a run's sequence diagram (no display needed)
  chaos matrix [--faults a,b]      every fault against every strategy, fencing on and off
  bench lock --strategy S|all      lock cycles/s beside the bare client libraries
  bench monitor [--locks N]        monitor refresh time at scale
  bench visibility [--backend B]   how soon the monitor sees a lock taken and dropped
  bench diagram [--events N]       sequence diagram painting time per frame
  locks list [--backend B]         every live lock on the three servers
  locks watch [--record]           lock changes as they happen, until Ctrl+C (--record: history)
  locks history [--since T]        recorded holds, waits, outages and operator actions
  locks stats [--since T]          per resource and kind: acquisitions, hold/wait p50/p95/max
  locks release --backend B --resource R --reason TEXT --expect-sha256 HEX [--yes]
                                   force-release exactly the lock you saw (audited)
  locks hold --strategy S --resource R [--seconds N]   take a lock and hold it
  audit list                       force-release attempts, newest first
  exporter --listen HOST:PORT      Prometheus metrics on /metrics (monitor options as locks list)
  sessions list [--json]           PostgreSQL sessions: state, wait, query, who blocks whom

Read-only: --read-only (before or after the command) or LOCKSCOPE_READ_ONLY=1 refuses every
write (demo, shop load-demo, locks release, locks hold, bench lock) with exit code 4.
Exit codes: 0 ok, 1 infrastructure error, 2 bad arguments, 3 the lock changed / is not the one
expected (nothing done), 4 refused: read-only, 5 nothing released (the lock is still held).

Connections: --redis URI --zookeeper URI --postgres URI, or --sandbox DIR, or the
LOCKSCOPE_REDIS / LOCKSCOPE_ZOOKEEPER / LOCKSCOPE_POSTGRES / LOCKSCOPE_SANDBOX_DIR variables.

Run 'lockscope-cli <command> --help' for a command's options.
)";

/// Qt's log lines (core's warnings quote keys and server errors) go to stderr like printError:
/// escaped, one line each, so a key can never drive the terminal through a warning either.
void escapedMessage(QtMsgType type, const QMessageLogContext& context, const QString& msg) {
    const QString line =
        lockscope::DisplayText::forTerminal(qFormatLogMessage(type, context, msg), 4096);
    std::fputs((line + u'\n').toLocal8Bit().constData(), stderr);
}

} // namespace

/// Commands that are only a group of subcommands: `<command> --help` lists them (exit 0), and a
/// missing or unknown one is a usage error naming the choices (exit 2). -1: go on.
static int checkSubcommand(const QString& command, const QString& sub) {
    static const QMap<QString, QStringList> groups{
        {QStringLiteral("locks"),
         {QStringLiteral("list"), QStringLiteral("watch"), QStringLiteral("release"),
          QStringLiteral("hold"), QStringLiteral("history"), QStringLiteral("stats")}},
        {QStringLiteral("bench"),
         {QStringLiteral("lock"), QStringLiteral("monitor"), QStringLiteral("visibility"),
          QStringLiteral("diagram")}},
        {QStringLiteral("shop"), {QStringLiteral("load-demo"), QStringLiteral("set-stock")}},
        {QStringLiteral("sessions"), {QStringLiteral("list")}},
    };
    const auto group = groups.find(command);
    if (group == groups.end() || group->contains(sub))
        return -1;
    const QString choices = group->join(QStringLiteral(", "));
    if (sub == u"--help" || sub == u"-h") {
        printLine(QStringLiteral("usage: lockscope-cli %1 <%2> [options]\n"
                                 "Each has its own --help, e.g. lockscope-cli %1 %3 --help.")
                      .arg(command, group->join(u'|'), group->first()));
        return Ok;
    }
    printError(QStringLiteral("%1: expected one of %2 (got '%3'); see lockscope-cli %1 --help")
                   .arg(command, choices, sub));
    return BadArguments;
}

int main(int argc, char* argv[]) {
    qInstallMessageHandler(escapedMessage);
    // demo render and bench diagram paint: a QGuiApplication (offscreen) for them only.
    const auto app = DiagramCommand::makeApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("lockscope-cli"));
    QCoreApplication::setApplicationVersion(lockscope::BuildVersion::full());
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args[1] == u"--help" || args[1] == u"-h") {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? BadArguments : Ok;
    }
    if (args[1] == u"--version") {
        std::fputs(
            lockscope::BuildVersion::versionText(QStringLiteral("lockscope-cli")).toLocal8Bit(),
            stdout);
        return Ok;
    }
    // `lockscope-cli --read-only <command> ...`: the same as LOCKSCOPE_READ_ONLY=1, so that the
    // command (and any worker process it starts) refuses every write.
    if (args[1] == u"--read-only") {
        qputenv("LOCKSCOPE_READ_ONLY", "1");
        args.removeAt(1);
        if (args.size() < 2) {
            std::fputs(kUsage, stderr);
            return BadArguments;
        }
    }
    const QString command = args[1];
    // Subcommands see "lockscope-cli <command>" as their program name.
    args[0] = args[0] + u' ' + command;
    args.removeAt(1);
    if (const int rc = checkSubcommand(command, args.value(1)); rc >= 0)
        return rc;
    if (command == u"sandbox")
        return SandboxCommand::run(args);
    if (command == u"proxy") // internal: the sandbox's fault proxies (sandbox up --proxies)
        return ProxyCommand::run(args);
    if (command == u"locks")
        return LocksCommand::run(args);
    if (command == u"audit")
        return LocksCommand::audit(args);
    if (command == u"bench" && args.value(1) == u"diagram")
        return DiagramCommand::bench(args);
    if (command == u"bench")
        return BenchCommand::run(args);
    if (command == u"demo")
        return DemoCommand::run(args);
    if (command == u"chaos")
        return ChaosCommand::run(args);
    if (command == u"shop" && args.value(1) == u"load-demo")
        return ShopCommand::loadDemo(withSubcommand(args));
    if (command == u"shop" && args.value(1) == u"set-stock")
        return ShopCommand::setStock(withSubcommand(args));
    if (command == u"exporter")
        return ExporterCommand::run(args);
    if (command == u"sessions")
        return SessionsCommand::run(args);
    if (command == u"stock")
        return ShopCommand::listStock(args);
    printError(QStringLiteral("unknown command '%1'").arg(command));
    std::fputs(kUsage, stderr);
    return BadArguments;
}
