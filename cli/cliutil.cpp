#include "cli/cliutil.h"

#include "connectors/connectorerror.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/demo/faultrefused.h"
#include "core/monitor/displaytext.h"
#include "core/namespaceconfig.h"
#include "core/readonlyrefusal.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace lockscope::cli {

bool parseArgs(QCommandLineParser& parser, const QStringList& args, int* exitCode) {
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QCommandLineOption help = parser.addHelpOption();
    if (!parser.parse(args)) {
        printError(parser.errorText());
        *exitCode = BadArguments;
        return false;
    }
    if (parser.isSet(help)) {
        // Qt names the program by its path (argv[0]); the usage line names the command as typed:
        // "Usage: lockscope-cli locks release [options]".
        QString text = parser.helpText();
        const QString path = QCoreApplication::arguments().value(0);
        QString command = args.value(0);
        if (!path.isEmpty() && command.startsWith(path))
            command.replace(0, path.size(), QFileInfo(path).fileName());
        const qsizetype at = path.isEmpty() ? -1 : text.indexOf(path);
        if (at >= 0 && at < text.indexOf(u'\n'))
            text.replace(at, path.size(), command);
        printLine(text);
        *exitCode = Ok;
        return false;
    }
    return true;
}

QStringList withSubcommand(const QStringList& args) {
    if (args.size() < 2)
        return args;
    QStringList out = args;
    out[0] = args[0] + u' ' + args[1];
    out.removeAt(1);
    return out;
}

void printJson(const QJsonObject& o) {
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
    std::fflush(stdout);
}

void printJson(const QJsonArray& a) {
    std::fputs(QJsonDocument(a).toJson(QJsonDocument::Indented).constData(), stdout);
    std::fflush(stdout);
}

void printLine(const QString& s) {
    std::fputs((s + u'\n').toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

void printError(const QString& s) {
    printError(s, QString(), {});
}

void printError(const QString& s, const QString& heading, const QStringList& quoted) {
    // Messages quote keys, holders and server errors: one escaped line, never raw. What they
    // quote at length comes below, a line of its own for each of its lines, each escaped.
    QString text = QStringLiteral("lockscope-cli: ") + DisplayText::forTerminal(s, 4096) + u'\n';
    if (!heading.isEmpty())
        text += DisplayText::forTerminal(heading) + u'\n';
    for (const QString& line : quoted)
        text += QStringLiteral("    ") + DisplayText::forTerminal(line) + u'\n';
    std::fputs(text.toLocal8Bit().constData(), stderr);
}

void printError(const SandboxError& e) {
    if (e.logFile().isEmpty())
        printError(e.message());
    else
        printError(e.summary(), SandboxError::logHeading(e.logFile()), e.logTail());
}

void addConnectionOptions(QCommandLineParser& parser) {
    parser.addOption({QStringLiteral("redis"),
                      QStringLiteral("Redis URI: redis://[user[:password]@]host[:port][/db], "
                                     "redis-cluster://h1:p1,h2:p2 or "
                                     "redis-sentinel://s1:p1,s2:p2[/db]#primary; rediss... for "
                                     "TLS, with ?ssl_ca=&ssl_cert=&ssl_key= (ssl_cert_reqs=none "
                                     "turns verification off)."),
                      QStringLiteral("uri")});
    parser.addOption(
        {QStringLiteral("zookeeper"),
         QStringLiteral(
             "ZooKeeper URI (zookeeper://[user:password@]host:port[,host:port][/chroot]; "
             "zookeeper+tls://... with the ssl_* options of rediss:// for TLS)."),
         QStringLiteral("uri")});
    parser.addOption({QStringLiteral("postgres"),
                      QStringLiteral("PostgreSQL connection string (libpq URI or keywords; TLS "
                                     "with libpq's sslmode, sslrootcert, sslcert, sslkey)."),
                      QStringLiteral("uri")});
    parser.addOption(
        {QStringLiteral("redlock"),
         QStringLiteral("Redlock's independent Redis servers (redis://h:p1,redis://h:p2,...)."),
         QStringLiteral("uris")});
    parser.addOption({QStringLiteral("sandbox"),
                      QStringLiteral("Use the servers of the sandbox in this directory."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("as"),
                      QStringLiteral("With a sandbox started with --users: connect as its "
                                     "least-privilege user (also LOCKSCOPE_SANDBOX_USER)."),
                      QStringLiteral("monitor|release|demo")});
    parser.addOption(
        {QStringLiteral("ssh"),
         QStringLiteral("Reach every server through this SSH bastion: "
                        "ssh://user@host[:port][?identity=KEY&known_hosts=FILE] (default: "
                        "$LOCKSCOPE_SSH; the host key must be in known_hosts; key or agent "
                        "authentication)."),
         QStringLiteral("uri")});
}

Endpoints endpointsFrom(const QCommandLineParser& parser) {
    return Endpoints::resolve(
        parser.value(QStringLiteral("redis")), parser.value(QStringLiteral("zookeeper")),
        parser.value(QStringLiteral("postgres")), parser.value(QStringLiteral("sandbox")),
        parser.value(QStringLiteral("as")));
}

void addNamespaceOption(QCommandLineParser& parser) {
    parser.addOption(
        {QStringLiteral("ns"),
         QStringLiteral(
             "Namespace: Redis key prefix, znode root and SQL schema (default lockscope)."),
         QStringLiteral("name"), QStringLiteral("lockscope")});
    parser.addOption({QStringLiteral("read-only"),
                      QStringLiteral("Refuse every write, exit 4 (also LOCKSCOPE_READ_ONLY=1).")});
}

bool readOnlyFrom(const QCommandLineParser& parser) {
    if (parser.isSet(QStringLiteral("read-only")))
        return true;
    // Fails closed: any value but an explicit "no" means read-only (true, yes, on, " 1", ...).
    const QString v = qEnvironmentVariable("LOCKSCOPE_READ_ONLY").trimmed().toLower();
    return !v.isEmpty() && v != u"0" && v != u"false" && v != u"no" && v != u"off";
}

int failureExitCode() {
    try {
        throw;
    } catch (const ReadOnlyRefusal& e) {
        printError(e.message());
        return ReadOnly;
    } catch (const SandboxError& e) {
        printError(e);
        return InfraError;
    } catch (const FaultRefused& e) {
        printError(e.message());
        return e.reason() == FaultRefused::Reason::SandboxBusy ? BadArguments : InfraError;
    } catch (const ConnectorError& e) {
        printError(e.message());
        return InfraError;
    } catch (const std::invalid_argument& e) {
        printError(QString::fromUtf8(e.what()));
        return BadArguments;
    } catch (const std::exception& e) {
        printError(QString::fromUtf8(e.what()));
        return InfraError;
    }
}

QString oneLine(const QString& s) {
    return DisplayText::forTerminal(s);
}

QString cell(const QString& s, int width) {
    QString t = DisplayText::forTerminal(s, std::abs(width) + 1);
    const int w = std::abs(width);
    if (t.size() > w)
        t = t.left(std::max(0, w - 1)) + QChar(0x2026);
    return width < 0 ? t.leftJustified(w) : t.rightJustified(w);
}

bool namespaceFrom(const QCommandLineParser& parser, NamespaceConfig* out) {
    Endpoints e;
    try {
        e = endpointsFrom(parser);
    } catch (const SandboxError& err) {
        printError(QStringLiteral("--sandbox: %1").arg(err.message()));
        return false;
    }
    NamespaceConfig c;
    c.ns = parser.value(QStringLiteral("ns")).toStdString();
    c.readOnly = readOnlyFrom(parser);
    if (c.ns.empty())
        c.ns = "lockscope";
    if (const QString error = NamespaceConfig::nameError(c.ns); !error.isEmpty()) {
        printError(QStringLiteral("--ns: %1").arg(error));
        return false;
    }
    const char* current = "--redis";
    try {
        c.redis = RedisUri::parse(e.redis);
        current = "--zookeeper";
        c.zookeeper = ZooKeeperUri::parse(e.zookeeper);
        current = "--postgres";
        c.postgres = PostgresUri::parse(e.postgres);
        current = "--redlock";
        const QString redlock = parser.isSet(QStringLiteral("redlock"))
                                    ? parser.value(QStringLiteral("redlock"))
                                    : e.redlock;
        if (!redlock.isEmpty())
            c.redlock = RedisUri::parseList(redlock);
        current = "--ssh";
        const QString ssh = parser.isSet(QStringLiteral("ssh"))
                                ? parser.value(QStringLiteral("ssh"))
                                : qEnvironmentVariable("LOCKSCOPE_SSH");
        if (!ssh.isEmpty())
            SshTunnel::setCurrent(SshTunnel::parse(ssh));
        // Verification turned off is the operator's choice, said every time.
        QStringList unverified;
        if (c.redis.tls.insecure())
            unverified << QStringLiteral("--redis");
        if (c.zookeeper.tls.insecure())
            unverified << QStringLiteral("--zookeeper");
        for (const RedisUri& r : c.redlock)
            if (r.tls.insecure() && !unverified.contains(QStringLiteral("--redlock")))
                unverified << QStringLiteral("--redlock");
        if (!unverified.isEmpty())
            std::fprintf(stderr,
                         "lockscope-cli: warning: TLS verification is off for %s "
                         "(ssl_cert_reqs=none or ssl_check_hostname=false)\n",
                         qPrintable(unverified.join(QStringLiteral(", "))));
    } catch (const UriError& err) {
        // "(bad port)" names the URI's part at fault; a list's own rule (Redlock's 3 servers) has
        // none.
        printError(err.part().isEmpty()
                       ? QStringLiteral("%1: %2").arg(QLatin1String(current), err.message())
                       : QStringLiteral("%1: %2 (bad %3)")
                             .arg(QLatin1String(current), err.message(), err.part()));
        return false;
    }
    *out = c;
    return true;
}

namespace {

/// One range-checked numeric option; on error prints "--name: ..." and returns false.
template <class T, class Parse>
bool numberOption(const QCommandLineParser& parser, const QString& name, T min, T max, T* out,
                  Parse parse, const char* what) {
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const auto v = parse(parser.value(name), &ok);
    // Written so that NaN fails too (every comparison with NaN is false).
    if (!ok || !(v >= min && v <= max)) {
        printError(QStringLiteral("--%1: expected %2 from %3 to %4, got '%5'")
                       .arg(name, QLatin1String(what))
                       .arg(min)
                       .arg(max)
                       .arg(parser.value(name)));
        return false;
    }
    *out = T(v);
    return true;
}

} // namespace

bool intOption(const QCommandLineParser& parser, const QString& name, int min, int max, int* out) {
    return numberOption(
        parser, name, min, max, out, [](const QString& s, bool* ok) { return s.toLongLong(ok); },
        "a whole number");
}

bool doubleOption(const QCommandLineParser& parser, const QString& name, double min, double max,
                  double* out) {
    return numberOption(
        parser, name, min, max, out, [](const QString& s, bool* ok) { return s.toDouble(ok); },
        "a number");
}

bool backendsFrom(const QCommandLineParser& p, std::vector<Backend>* out) {
    const QString backend = p.value(QStringLiteral("backend"));
    if (backend == u"all") {
        out->clear();
        return true;
    }
    const LockBackend* b = BackendRegistry::byName(backend);
    if (!b) {
        printError(QStringLiteral("--backend: expected %1 or all, got '%2'")
                       .arg(BackendRegistry::names().join(QStringLiteral(", ")), backend));
        return false;
    }
    *out = {b->id()};
    return true;
}

} // namespace lockscope::cli
