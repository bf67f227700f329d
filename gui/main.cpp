#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"
#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"
#include "gui/buypage.h"
#include "gui/demopage.h"
#include "gui/lockspage.h"
#include "gui/mainwindow.h"
#include "gui/sessionspage.h"
#include "gui/terminationwatcher.h"
#include "gui/timelinepage.h"
#include "packaging/buildversion.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>
#include <cstdio>

using namespace lockscope;

namespace {

/// Grabs every page into dir as NAME.png, then quits.
void grabPages(MainWindow* w, const QString& dir) {
    const char* names[] = {"locks", "leases",   "stock",    "demo",       "buy",
                           "audit", "sessions", "timeline", "statistics", "alerts"};
    w->locksPage()->view()->selectRow(0);    // a lock's details in the picture
    w->sessionsPage()->selectFirstWaiting(); // and who blocks it
    for (int i = 0; i < w->tabs()->count(); ++i) {
        w->tabs()->setCurrentIndex(i);
        // Timeline and Statistics read the history store on its thread.
        QElapsedTimer shown;
        shown.start();
        while (shown.elapsed() < 600)
            QApplication::processEvents(QEventLoop::AllEvents, 50);
        if (w->tabs()->currentWidget() == w->timelinePage()) {
            w->timelinePage()->fitButton()->click(); // the run's holds, one picked
            QApplication::processEvents();
        }
        w->grab().save(QDir(dir).filePath(QStringLiteral("%1.png").arg(QLatin1String(names[i]))));
    }
    QApplication::quit();
}

/// --screenshots DIR: let data arrive, run a demo and a two-customer race, grab every page.
/// Read-only: nothing is run or bought (the demo and the purchase write, and read-only refuses
/// them, so waiting for their results would never end): the pages are grabbed as they are.
void takeScreenshots(MainWindow* w, const QString& dir, bool readOnly) {
    QDir().mkpath(dir);
    if (readOnly) {
        QTimer::singleShot(2500, w, [w, dir] { grabPages(w, dir); });
        return;
    }
    auto* demo = w->demoPage();
    DemoScenario first = demo->scenario();
    first.strategy = QStringLiteral("redis"); // then none: its oversell is the diagram shown
    first.pay = std::chrono::milliseconds(5);
    demo->setScenario(first);
    QTimer::singleShot(2500, w, [w, demo, dir] {
        QObject::connect(demo, &DemoPage::resultReady, w, [w, demo, dir](const DemoResult& r) {
            if (r.scenario.strategy == u"redis") {
                DemoScenario next = demo->scenario();
                next.strategy = QStringLiteral("none");
                demo->setScenario(next);
                QTimer::singleShot(200, demo->runButton(), &QPushButton::click);
                return;
            }
            w->buyPage()->resetButton()->click();
            QTimer::singleShot(1500, w, [w, dir] {
                w->buyPage()->paySlider()->setValue(800);
                w->buyPage()->buyBothButton()->click();
                // Grab once both customers are done (a fixed 4 s caught one still buying on a
                // busy machine), or after 30 s whatever the page shows.
                auto* poll = new QTimer(w);
                auto* since = new QElapsedTimer;
                since->start();
                QObject::connect(poll, &QTimer::timeout, w, [w, dir, poll, since] {
                    if (!w->buyPage()->idle() && since->elapsed() < 30000)
                        return;
                    poll->stop();
                    poll->deleteLater();
                    delete since;
                    w->demoPage()->viewTabs()->setCurrentIndex(1); // the run's diagram
                    grabPages(w, dir);
                });
                QTimer::singleShot(500, poll, [poll] { poll->start(100); });
            });
        });
        demo->runButton()->click();
    });
}

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(QStringLiteral("LockScope: distributed locks console"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("sandbox"),
                      QStringLiteral("Connect to the sandbox in this directory."),
                      QStringLiteral("dir")});
    parser.addOption(
        {QStringLiteral("redis"), QStringLiteral("Redis URI."), QStringLiteral("uri")});
    parser.addOption(
        {QStringLiteral("zookeeper"), QStringLiteral("ZooKeeper URI."), QStringLiteral("uri")});
    parser.addOption({QStringLiteral("postgres"), QStringLiteral("PostgreSQL connection string."),
                      QStringLiteral("uri")});
    parser.addOption({QStringLiteral("ssh"),
                      QStringLiteral("Reach every server through this SSH host "
                                     "(ssh://user@host[:port]?identity=KEY&known_hosts=FILE)."),
                      QStringLiteral("uri")});
    parser.addOption({QStringLiteral("ns"),
                      QStringLiteral("LockScope namespace (default lockscope)."),
                      QStringLiteral("name"), QStringLiteral("lockscope")});
    parser.addOption(
        {QStringLiteral("read-only"),
         QStringLiteral("Refuse every write: force-release, demo runs, purchases, stock changes "
                        "(also LOCKSCOPE_READ_ONLY=1).")});
    parser.addOption({QStringLiteral("lang"),
                      QStringLiteral("Language (en, de); default: the system's."),
                      QStringLiteral("code")});
    parser.addOption({QStringLiteral("refresh-ms"),
                      QStringLiteral("Monitor polling interval (default 1000)."),
                      QStringLiteral("ms"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("screenshots"),
                      QStringLiteral("Grab every page into DIR, then quit."),
                      QStringLiteral("dir")});
}

/// LockScope's strings, Qt's own and the number format in --lang, or else in the system's language.
/// The translators must live as long as the application: the caller owns them.
void installTranslators(const QString& lang, QTranslator* translator, QTranslator* qtTranslator) {
    // Numbers, dates and the charts' axes follow the chosen language too (1.234,5 in German).
    if (!lang.isEmpty())
        QLocale::setDefault(QLocale(lang));
    const bool loaded = lang.isEmpty()
                            ? translator->load(QLocale::system(), QStringLiteral("lockscope"),
                                               QStringLiteral("_"), QStringLiteral(":/i18n"))
                            : translator->load(QStringLiteral(":/i18n/lockscope_%1.qm").arg(lang));
    if (loaded)
        QApplication::installTranslator(translator);
    if (qtTranslator->load(lang.isEmpty() ? QLocale::system() : QLocale(lang),
                           QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
}

/// The window's options from the command line. Endpoints and the namespace are checked here,
/// before any window opens: when one is wrong this says so and returns false with *exitCode set.
bool windowOptionsFrom(const QCommandLineParser& parser, MainWindow::Options* options,
                       int* exitCode) {
    try {
        options->endpoints = Endpoints::resolve(
            parser.value(QStringLiteral("redis")), parser.value(QStringLiteral("zookeeper")),
            parser.value(QStringLiteral("postgres")), parser.value(QStringLiteral("sandbox")));
    } catch (const SandboxError& e) {
        qCritical("lockscope: %s", e.what());
        *exitCode = 1;
        return false;
    }
    try {
        RedisUri::parse(options->endpoints.redis);
        ZooKeeperUri::parse(options->endpoints.zookeeper);
        PostgresUri::parse(options->endpoints.postgres);
        if (!options->endpoints.redlock.isEmpty())
            RedisUri::parseList(options->endpoints.redlock);
        if (parser.isSet(QStringLiteral("ssh")))
            options->endpoints.ssh = parser.value(QStringLiteral("ssh"));
        if (!options->endpoints.ssh.isEmpty())
            SshTunnel::parse(options->endpoints.ssh);
    } catch (const UriError& e) {
        qCritical("lockscope: %s (bad %s)", e.what(), qPrintable(e.part()));
        *exitCode = 2;
        return false;
    }
    // The sandbox the URIs came from is watched: a restart on new ports is offered as a reconnect.
    options->sandboxDir = parser.value(QStringLiteral("sandbox"));
    if (options->sandboxDir.isEmpty() && !parser.isSet(QStringLiteral("redis")) &&
        !parser.isSet(QStringLiteral("zookeeper")) && !parser.isSet(QStringLiteral("postgres")))
        options->sandboxDir = qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR");
    options->ns = parser.value(QStringLiteral("ns")).toStdString();
    if (options->ns.empty())
        options->ns = "lockscope";
    if (const QString error = NamespaceConfig::nameError(options->ns); !error.isEmpty()) {
        qCritical("lockscope: --ns: %s", qPrintable(error)); // exactly as lockscope-cli says it
        *exitCode = 2;
        return false;
    }
    options->readOnly = parser.isSet(QStringLiteral("read-only")) ||
                        qEnvironmentVariable("LOCKSCOPE_READ_ONLY") == u"1";
    options->refreshMs = std::max(100, parser.value(QStringLiteral("refresh-ms")).toInt());
    return true;
}

} // namespace

int main(int argc, char* argv[]) {
    // --help and --version need no display: answered before a QApplication looks for one.
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-v" || arg == "--version") {
            // "lockscope 0.1.0" (then the git describe): the program's name, as help2man and
            // scripts expect, not the window title's "LockScope".
            std::fputs(BuildVersion::versionText(QStringLiteral("lockscope")).toLocal8Bit(),
                       stdout);
            return 0;
        }
        if (arg == "-h" || arg == "-?" || arg == "--help" || arg == "--help-all") {
            QCoreApplication core(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("LockScope"));
            QCoreApplication::setApplicationVersion(BuildVersion::full());
            QCommandLineParser parser;
            addOptions(parser);
            parser.process(core); // prints and exits
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("LockScope"));
    QApplication::setOrganizationName(QStringLiteral("LockScope"));
    QApplication::setApplicationVersion(BuildVersion::full());
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/lockscope.svg")));

    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);

    QTranslator translator;
    QTranslator qtTranslator;
    installTranslators(parser.value(QStringLiteral("lang")), &translator, &qtTranslator);

    MainWindow::Options options;
    if (int exitCode = 0; !windowOptionsFrom(parser, &options, &exitCode))
        return exitCode;

    MainWindow window(options);
    // kill / SIGTERM closes the window the orderly way (settings saved, its sandbox stopped).
    TerminationWatcher termination;
    QObject::connect(&termination, &TerminationWatcher::terminationRequested, &window,
                     &QWidget::close);
    window.show();
    if (parser.isSet(QStringLiteral("screenshots")))
        takeScreenshots(&window, parser.value(QStringLiteral("screenshots")), options.readOnly);
    return app.exec();
}
