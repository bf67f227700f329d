#include "connectors/redisclient.h"
#include "core/alerts/alertsettings.h"
#include "gui/alertcenter.h"
#include "gui/alertindicator.h"
#include "gui/alertmodel.h"
#include "gui/alertrulesdialog.h"
#include "gui/alertspage.h"
#include "gui/lockmodel.h"
#include "gui/lockspage.h"
#include "gui/mainwindow.h"
#include "tests/support/testenv.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace lockscope;

namespace {

int lockRow(LockModel* m, const QString& part) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->entryAt(r)->resource.contains(part))
            return r;
    return -1;
}

/// The row of the Alerts page's table (as shown, through its proxy) whose subject holds part.
int alertRow(QTableView* view, const QString& part, bool firing) {
    const QAbstractItemModel* m = view->model();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, AlertModel::SubjectCol).data().toString().contains(part) &&
            m->index(r, 0).data(AlertModel::FiringRole).toBool() == firing)
            return r;
    return -1;
}

/// Where to save pictures of the page and dialog for a person to look at ($LOCKSCOPE_SHOTS_DIR).
void shot(QWidget* w, const char* name) {
    const QString dir = qEnvironmentVariable("LOCKSCOPE_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    w->grab().save(QDir(dir).filePath(QLatin1String(name) + QStringLiteral(".png")));
}

} // namespace

/// The console's alerts against the sandbox, offscreen: a real Redis lock without TTL fires a
/// no-expiry alert, listed on the Alerts page and highlighted in the Locks table, and resolves
/// when the lock is released; the rules dialog refuses bad rule text.
class TestGuiAlerts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firingAlertListedAndRowHighlighted() {
        const QString resource = test::uniqueName(QStringLiteral("guialert"));
        {
            QSettings settings;
            AlertSettings s;
            s.rules = {*AlertRule::parse(QStringLiteral("no-expiry>1s:resource=") + resource)};
            s.save(settings);
        }
        const SandboxInfo info = test::sandbox();
        MainWindow::Options o;
        o.endpoints = {info.redisUri, info.zookeeperUri, info.postgresUri};
        o.refreshMs = 300;
        MainWindow w(o);
        w.resize(1280, 800);
        w.show();
        QAbstractItemModelTester tester(w.alertsPage()->model());
        QSignalSpy resets(w.alertsPage()->model(), &QAbstractItemModel::modelReset);

        RedisClient redis(test::redisUri());
        const std::string key = "lockscope:lock:{" + resource.toStdString() + "}";
        redis.command({"SET", key, "gui-worker", "NX"}); // no TTL
        auto cleanup = qScopeGuard([&] { redis.command({"DEL", key}); });

        LockModel* locks = w.locksPage()->model();
        QTRY_VERIFY_WITH_TIMEOUT(lockRow(locks, resource) >= 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(w.alertCenter()->firingCount(), 1, 10000);
        QTableView* view = w.alertsPage()->view();
        QTRY_VERIFY_WITH_TIMEOUT(alertRow(view, resource, true) >= 0, 5000);
        const int ar = alertRow(view, resource, true);
        QCOMPARE(view->model()->index(ar, AlertModel::RuleCol).data().toString(),
                 QStringLiteral("no-expiry>1s:resource=") + resource);
        QVERIFY(view->model()
                    ->index(ar, AlertModel::DetailCol)
                    .data()
                    .toString()
                    .contains(QStringLiteral("gui-worker")));
        // The Locks table highlights its row; a lock without an alert is not.
        const int lr = lockRow(locks, resource);
        QTRY_VERIFY_WITH_TIMEOUT(
            locks->index(lockRow(locks, resource), 0).data(LockModel::AlertRole).toBool(), 5000);
        QCOMPARE(locks->index(lr, LockModel::HolderCol).data(Qt::BackgroundRole).value<QColor>(),
                 QColor(235, 140, 20, 90));
        for (int r = 0; r < locks->rowCount(); ++r)
            if (r != lockRow(locks, resource))
                QVERIFY(!locks->index(r, 0).data(LockModel::AlertRole).toBool());
        // The status bar says so from every page.
        auto* indicator = w.findChild<AlertIndicator*>(QStringLiteral("alertIndicator"));
        QVERIFY(indicator);
        QVERIFY2(indicator->text().contains(u'1'), qPrintable(indicator->text()));
        w.tabs()->setCurrentWidget(w.alertsPage());
        shot(&w, "alerts-page");
        indicator->click();
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.alertsPage()));

        // Released: resolves by itself, the row leaves the Locks table, the page keeps it greyed.
        cleanup.dismiss();
        redis.command({"DEL", key});
        QTRY_COMPARE_WITH_TIMEOUT(w.alertCenter()->firingCount(), 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(alertRow(view, resource, false) >= 0, 5000);
        QCOMPARE(alertRow(view, resource, true), -1);
        QTRY_COMPARE_WITH_TIMEOUT(lockRow(locks, resource), -1, 5000);
        QVERIFY(!indicator->text().contains(u'1'));
        QCOMPARE(resets.count(), 0);
    }

    void rulesDialogRefusesBadText() {
        AlertSettings s;
        s.rules = AlertSettings::defaultRules();
        s.command = QStringLiteral("cat >> /tmp/alerts.jsonl");
        AlertRulesDialog dialog(s);
        dialog.show();
        QTableWidget* table = dialog.table();
        QCOMPARE(table->rowCount(), int(s.rules.size()));
        QPushButton* ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        dialog.addButton()->click();
        const int row = table->rowCount() - 1;
        table->item(row, 0)->setText(QStringLiteral("held>5x"));
        QVERIFY(!ok->isEnabled());
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("alertRuleError"));
        QVERIFY(error && error->text().contains(QStringLiteral("bad duration '5x'")));
        QVERIFY(table->item(row, 1)->text().contains(QStringLiteral("bad duration")));
        shot(&dialog, "alert-rules-dialog-error");
        table->item(row, 0)->setText(QStringLiteral("held>30s:kind=redis-key"));
        QVERIFY(ok->isEnabled());
        QVERIFY(error->isHidden());
        table->item(0, 0)->setCheckState(Qt::Unchecked);
        shot(&dialog, "alert-rules-dialog");
        const AlertSettings chosen = dialog.alertSettings();
        QCOMPARE(chosen.rules.size(), s.rules.size() + 1);
        QVERIFY(!chosen.rules.front().enabled);
        QCOMPARE(chosen.rules.back().toText(), QStringLiteral("held>30s:kind=redis-key"));
        QCOMPARE(chosen.command, s.command);
        // Removed.
        table->setCurrentCell(row, 0);
        dialog.removeButton()->click();
        QCOMPARE(dialog.alertSettings().rules.size(), s.rules.size());
    }
};

QTEST_MAIN(TestGuiAlerts)
#include "tst_gui_alerts.moc"
