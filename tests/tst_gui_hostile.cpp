#include "connectors/redisclient.h"
#include "connectors/zksession.h"
#include "core/logging.h"
#include "core/monitor/displaytext.h"
#include "core/monitor/lockmonitor.h"
#include "gui/lockfilterproxy.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"
#include "tests/support/testenv.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLoggingCategory>
#include <QMutex>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <pqxx/pqxx>

using namespace lockscope;

namespace {

QMutex g_logMutex;
QStringList g_log;

void captureLog(QtMsgType, const QMessageLogContext&, const QString& message) {
    QMutexLocker lock(&g_logMutex);
    g_log << message;
}

/// Why text is not safe to show (a character DisplayText::forTerminal escapes; a newline only
/// where allowNewline), or empty.
QString unsafe(const QString& s, bool allowNewline = false) {
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        if (allowNewline && c == u'\n')
            continue;
        // QTextDocument::toPlainText writes U+2029 between paragraphs, U+2028 for <br>.
        if (allowNewline && (c == 0x2028 || c == 0x2029))
            continue;
        if (DisplayText::needsEscape(c))
            return QStringLiteral("raw U+%1 at %2 in: %3")
                .arg(uint(c), 4, 16, QLatin1Char('0'))
                .arg(i)
                .arg(DisplayText::forTerminal(s.mid(std::max<qsizetype>(0, i - 60), 120)));
    }
    return {};
}

} // namespace

/// Issue 13, hostile values in the console: keys, values, znode names and a PostgreSQL table
/// written on the sandbox's real servers, read by the monitor, shown by the Locks page. Every
/// cell, tooltip and the details pane show them escaped and bounded, with the size of a cut
/// value; the log lines written meanwhile (every lockscope category on) are safe too.
class TestGuiHostile : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;
    std::string m_zkRoot;
    std::string m_schema;
    QByteArray m_big;

private slots:
    void initTestCase() {
        m_config = test::isolatedNamespace(QStringLiteral("tst_gui_hostile"));
        m_zkRoot = "/" + m_config.ns + "_hostile";
        m_schema = m_config.ns + "_hostile";
        m_big = QByteArray(1 << 20, '\0');
        for (int i = 0; i < m_big.size(); ++i)
            m_big[i] = char((i * 13 + 5) % 256);
    }

    void cleanupTestCase() {
        RedisClient r(m_config.redis);
        for (const auto& k : r.command({"KEYS", m_config.ns + ":hostile*"}).elements)
            r.command({"DEL", k.str});
        ZkSession(m_config.zookeeper).removeRecursive(m_zkRoot);
        pqxx::connection admin(m_config.postgres.toConninfo(true).toStdString());
        pqxx::work w(admin);
        w.exec("DROP SCHEMA IF EXISTS " + admin.quote_name(m_schema) + " CASCADE");
        w.commit();
    }

    void locksPageShowsHostileDataEscapedAndBounded() {
        // Redis: a 1 MB binary value under a key with a newline and ESC; a 100 KB key; a value
        // that looks like redis-py's token plus a newline; a Redisson hash under a CR LF key.
        RedisClient r(m_config.redis);
        const std::string p = m_config.ns + ":hostile";
        const std::string bigKey = p + "-big\nforged row\x1b[2J";
        std::string longKey = p + "-longkey-";
        for (int i = 0; i < 50000; ++i)
            longKey += "\x1b\xff";
        QCOMPARE(r.command({"SET", bigKey, m_big.toStdString(), "PX", "120000"}).str,
                 std::string("OK"));
        QCOMPARE(r.command({"SET", longKey, "v\x1b]0;t\x07", "PX", "120000"}).str,
                 std::string("OK"));
        QCOMPARE(
            r.command({"SET", p + "-pytoken", "0123456789abcdef0123456789abcdef\n", "PX", "120000"})
                .str,
            std::string("OK"));
        r.command(
            {"HSET", p + "-redisson\r\n", "b5c1e1f0-0000-4000-8000-000000000001:1", "1\x1b[2J"});
        // ZooKeeper: a name of 500 bidi overrides, 1 MB less a little of binary data.
        ZkSession zk(m_config.zookeeper);
        std::string name;
        for (int i = 0; i < 500; ++i)
            name += "\xe2\x80\xae";
        const std::string dir = m_zkRoot + "/" + name + "-lock";
        zk.ensurePath(dir);
        zk.create(dir + "/lock-0000000001", m_big.left(1000000).toStdString(),
                  ZkSession::CreateMode::Persistent);
        // PostgreSQL: a table and a row key with a newline, quotes and ESC, locked.
        pqxx::connection admin(m_config.postgres.toConninfo(true).toStdString());
        const std::string qualified =
            admin.quote_name(m_schema) + "." + admin.quote_name("hostile\n\"tbl\x1b[2J");
        {
            pqxx::work w(admin);
            w.exec("CREATE SCHEMA " + admin.quote_name(m_schema));
            w.exec("CREATE TABLE " + qualified + " (k text PRIMARY KEY, v int)");
            w.exec_params("INSERT INTO " + qualified + " VALUES ($1, 1)",
                          std::string("k\nforged\x1b]0;t\x07'\""));
            w.commit();
        }
        pqxx::connection holder(m_config.postgres.toConninfo(true).toStdString());
        pqxx::work tx(holder);
        tx.exec("SELECT * FROM " + qualified + " FOR UPDATE");
        tx.exec("LOCK TABLE " + qualified + " IN SHARE ROW EXCLUSIVE MODE");
        const int pid = holder.backendpid();

        // Read by the monitor with every lockscope log category on, the messages captured.
        QLoggingCategory::setFilterRules(QStringLiteral("lockscope.*=true"));
        g_log.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureLog);
        MonitorConfig mc;
        mc.config = m_config;
        mc.redisPatterns = {QString::fromStdString(p) + u'*'};
        mc.zkRoots = {QString::fromStdString(m_zkRoot)};
        Snapshot s;
        {
            LockMonitor monitor(mc);
            s = monitor.refresh();
        }
        std::vector<LockEntry> mine;
        for (const LockEntry& e : s.locks) {
            const bool pg = e.backend == Backend::Postgres &&
                            e.details().value(QStringLiteral("pid")).toInt() == pid;
            if (e.backend != Backend::Postgres || pg)
                mine.push_back(e);
        }
        Snapshot only = s;
        only.locks = mine;
        // 4 Redis keys, 1 ZooKeeper lock, PostgreSQL's entry of the locked rows.
        QVERIFY2(mine.size() >= 6, qPrintable(QString::number(mine.size())));

        LocksPage page(false);
        QAbstractItemModelTester tester(page.model());
        page.resize(1200, 800);
        page.show();
        page.applySnapshot(only, SnapshotDiff::between({}, only));
        QTRY_COMPARE(page.pendingDiffs(), 0);
        QCOMPARE(page.model()->rowCount(), int(mine.size()));
        auto* details = page.findChild<QTextBrowser*>();
        QVERIFY(details);

        bool bigSizeShown = false, zkSizeShown = false;
        for (int row = 0; row < page.proxy()->rowCount(); ++row) {
            for (int col = 0; col < LockModel::ColumnCount; ++col) {
                const QModelIndex i = page.proxy()->index(row, col);
                const QString text = i.data(Qt::DisplayRole).toString();
                QVERIFY2(unsafe(text).isEmpty(), qPrintable(unsafe(text)));
                // A cell: at most 200 characters and the marker of what was cut.
                QVERIFY2(
                    text.size() <= 240,
                    qPrintable(QStringLiteral("column %1: %2 chars").arg(col).arg(text.size())));
                const QString tip = i.data(Qt::ToolTipRole).toString();
                QVERIFY2(unsafe(tip, true).isEmpty(), qPrintable(unsafe(tip, true)));
                QVERIFY2(tip.size() < 20000, qPrintable(QString::number(tip.size())));
            }
            page.view()->selectRow(row);
            const QString shown = details->toPlainText();
            QVERIFY2(unsafe(shown, true).isEmpty(), qPrintable(unsafe(shown, true)));
            QVERIFY2(shown.size() < 30000, qPrintable(QString::number(shown.size())));
            QVERIFY2(!shown.contains(QStringLiteral("\nforged")), qPrintable(shown.left(2000)));
            bigSizeShown |= shown.contains(QStringLiteral("1048576 bytes in all"));
            zkSizeShown |= shown.contains(QStringLiteral("1000000 bytes in all"));
        }
        QVERIFY(bigSizeShown);
        QVERIFY(zkSizeShown);
        tx.abort();

        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QMutexLocker lock(&g_logMutex);
        for (const QString& line : std::as_const(g_log)) {
            QVERIFY2(unsafe(line).isEmpty(), qPrintable(unsafe(line)));
            QVERIFY2(line.size() < 8192, qPrintable(QString::number(line.size())));
        }
    }
};

QTEST_MAIN(TestGuiHostile)
#include "tst_gui_hostile.moc"
