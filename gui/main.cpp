#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"
#include "gui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>

using namespace lockscope;

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("LockScope"));
    QApplication::setOrganizationName(QStringLiteral("LockScope"));
    QApplication::setApplicationVersion(QStringLiteral(LOCKSCOPE_VERSION));

    QCommandLineParser parser;
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
    parser.process(app);

    Endpoints endpoints{
        qEnvironmentVariable("LOCKSCOPE_REDIS", QStringLiteral("redis://127.0.0.1:6379")),
        qEnvironmentVariable("LOCKSCOPE_ZOOKEEPER", QStringLiteral("zookeeper://127.0.0.1:2181")),
        qEnvironmentVariable("LOCKSCOPE_POSTGRES",
                             QStringLiteral("postgresql://127.0.0.1:5432/postgres"))};
    if (parser.isSet(QStringLiteral("sandbox"))) {
        try {
            const SandboxInfo info = SandboxInfo::load(parser.value(QStringLiteral("sandbox")));
            endpoints = {info.redisUri, info.zookeeperUri, info.postgresUri};
        } catch (const SandboxError& e) {
            qCritical("%s", e.what());
            return 1;
        }
    }
    if (parser.isSet(QStringLiteral("redis")))
        endpoints.redis = parser.value(QStringLiteral("redis"));
    if (parser.isSet(QStringLiteral("zookeeper")))
        endpoints.zookeeper = parser.value(QStringLiteral("zookeeper"));
    if (parser.isSet(QStringLiteral("postgres")))
        endpoints.postgres = parser.value(QStringLiteral("postgres"));

    MainWindow window(endpoints);
    window.show();
    return app.exec();
}
