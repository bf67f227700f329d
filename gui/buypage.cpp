#include "gui/buypage.h"

#include "core/locks/lockstrategy.h"
#include "core/shop/inventory.h"
#include "core/shop/stockstore.h"
#include "gui/customerworker.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lockscope {

BuyPage::BuyPage(const NamespaceConfig& config, QWidget* parent)
    : QWidget(parent) {
    auto* root = new QVBoxLayout(this);
    auto* top = new QGroupBox(tr("The shop"), this);
    auto* topLayout = new QHBoxLayout(top);
    m_item = new QComboBox(top);
    for (const auto& i : Inventory::demoItems())
        m_item->addItem(QString::fromStdString(i.name), i.id);
    m_item->setCurrentIndex(2); // the signed vinyl: stock 1
    m_store = new QComboBox(top);
    m_store->addItems(StockStore::names());
    m_pay = new QSlider(Qt::Horizontal, top);
    m_pay->setRange(0, 10000);
    m_pay->setSingleStep(100);
    m_pay->setPageStep(1000);
    m_pay->setValue(1500);
    m_pay->setMinimumWidth(160);
    m_payLabel = new QLabel(top);
    m_lease = new QSpinBox(top);
    m_lease->setRange(100, 600000);
    m_lease->setValue(5000);
    m_lease->setSuffix(tr(" ms"));
    m_resetTo = new QSpinBox(top);
    m_resetTo->setRange(0, 1000);
    m_resetTo->setValue(1);
    m_reset = new QPushButton(tr("Set stock"), top);
    m_stock = new QLabel(top);
    auto* form = new QFormLayout;
    form->addRow(tr("Item:"), m_item);
    form->addRow(tr("Stock lives in:"), m_store);
    auto* payRow = new QHBoxLayout;
    payRow->addWidget(m_pay);
    payRow->addWidget(m_payLabel);
    form->addRow(tr("Payment takes:"), payRow);
    form->addRow(tr("Lock lease:"), m_lease);
    auto* resetRow = new QHBoxLayout;
    resetRow->addWidget(m_resetTo);
    resetRow->addWidget(m_reset);
    resetRow->addStretch();
    form->addRow(tr("Stock:"), resetRow);
    topLayout->addLayout(form);
    auto* right = new QVBoxLayout;
    m_buyBoth =
        new QPushButton(QIcon(QStringLiteral(":/icons/run.svg")), tr("Buy both at once"), top);
    m_buyBoth->setMinimumHeight(40);
    right->addWidget(m_buyBoth);
    right->addWidget(m_stock);
    right->addStretch();
    topLayout->addLayout(right);
    root->addWidget(top);
    auto updatePay = [this] {
        m_payLabel->setText(tr("%1 s").arg(m_pay->value() / 1000.0, 0, 'f', 1));
    };
    connect(m_pay, &QSlider::valueChanged, this, updatePay);
    updatePay();

    auto* panels = new QHBoxLayout;
    const QString names[2] = {tr("Customer A"), tr("Customer B")};
    for (int i = 0; i < 2; ++i) {
        m_customers[i] = std::make_unique<Customer>();
        Customer& c = *m_customers[i];
        c.name = names[i];
        auto* box = new QGroupBox(c.name, this);
        auto* v = new QVBoxLayout(box);
        auto* row = new QHBoxLayout;
        c.strategy = new QComboBox(box);
        c.strategy->addItems(LockStrategy::allNames());
        c.strategy->setCurrentText(QStringLiteral("none"));
        c.buy = new QPushButton(tr("Buy"), box);
        c.pause = new QPushButton(tr("Pause this holder"), box);
        c.pause->setCheckable(true);
        row->addWidget(new QLabel(tr("Strategy:"), box));
        row->addWidget(c.strategy, 1);
        row->addWidget(c.buy);
        row->addWidget(c.pause);
        v->addLayout(row);
        c.steps = new QListWidget(box);
        v->addWidget(c.steps, 1);
        c.outcome = new QLabel(box);
        c.outcome->setTextFormat(Qt::RichText);
        v->addWidget(c.outcome);
        panels->addWidget(box);

        c.worker = new CustomerWorker(config, i == 0 ? QStringLiteral("A") : QStringLiteral("B"));
        c.thread = new QThread;
        c.worker->moveToThread(c.thread);
        connect(c.thread, &QThread::finished, c.worker, &QObject::deleteLater);
        c.thread->start();
        connect(c.buy, &QPushButton::clicked, this, [this, &c] { startBuy(c); });
        connect(c.pause, &QPushButton::toggled, this, [&c](bool on) {
            c.worker->setPaused(on);
            c.pause->setText(on ? tr("Resume (paused)") : tr("Pause this holder"));
        });
        connect(c.worker, &CustomerWorker::step, this,
                [&c](const QString&, const QString& step, qint64 token, int stock, double ms,
                     const QString& detail) {
                    QString text = QStringLiteral("%1 ms  %2").arg(ms, 8, 'f', 1).arg(step);
                    if (token)
                        text += tr("  token %1").arg(token);
                    if (stock >= 0)
                        text += tr("  stock %1").arg(stock);
                    if (!detail.isEmpty() && step != u"done")
                        text += QStringLiteral("  (%1)").arg(detail.left(80));
                    auto* item = new QListWidgetItem(text, c.steps);
                    if (step == u"fenced" || step == u"sold-out" || step == u"lock-timeout" ||
                        step == u"failed")
                        item->setForeground(QColor(192, 57, 43));
                    c.steps->scrollToBottom();
                });
        connect(
            c.worker, &CustomerWorker::done, this,
            [this, &c](const QString&, const QString& outcome, int stock) {
                c.busy = false;
                c.buy->setEnabled(true);
                const bool good = outcome == u"confirmed" || outcome == tr("stock reset");
                c.outcome->setText(
                    QStringLiteral("<b style='color:%1'>%2</b>")
                        .arg(good ? QStringLiteral("#27ae60") : QStringLiteral("#c0392b"),
                             outcome == u"sold-out" ? tr("Sold out: this customer was told no")
                                                    : outcome));
                m_lastStock = stock;
                if (outcome == tr("stock reset")) {
                    m_stockSet = stock;
                    m_soldSinceSet = 0;
                } else if (outcome == u"confirmed") {
                    ++m_soldSinceSet;
                }
                const bool oversold = m_stockSet >= 0 && m_soldSinceSet > m_stockSet;
                QString text = tr("Stock now: <b>%1</b>").arg(stock);
                if (m_stockSet >= 0)
                    text +=
                        QStringLiteral("<br>") +
                        tr("Sold since set: <b>%1</b> of %2").arg(m_soldSinceSet).arg(m_stockSet);
                if (oversold || stock < 0)
                    text += QStringLiteral(
                                "<br><span style='color:#c0392b;font-size:14pt'><b>%1</b></span>")
                                .arg(tr("OVERSOLD: more orders than items"));
                m_stock->setText(text);
                m_buyBoth->setEnabled(idle());
                emit purchaseFinished();
            });
        connect(
            c.worker, &CustomerWorker::failed, this,
            [this, &c](const QString&, const QString& error) {
                c.busy = false;
                c.buy->setEnabled(true);
                c.outcome->setText(
                    QStringLiteral("<b style='color:#c0392b'>%1</b>").arg(error.toHtmlEscaped()));
                m_buyBoth->setEnabled(idle());
                emit purchaseFinished();
            });
    }
    root->addLayout(panels, 1);

    connect(m_buyBoth, &QPushButton::clicked, this, [this] {
        startBuy(*m_customers[0]);
        startBuy(*m_customers[1]);
    });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        CustomerWorker* worker = m_customers[0]->worker;
        const QString store = m_store->currentText();
        const int item = m_item->currentData().toInt();
        const int stock = m_resetTo->value();
        QMetaObject::invokeMethod(
            worker, [worker, store, item, stock] { worker->resetStock(store, item, stock); },
            Qt::QueuedConnection);
    });
}

BuyPage::~BuyPage() {
    shutdown(true);
}

void BuyPage::shutdown(bool wait) {
    for (auto& c : m_customers) {
        if (!c->thread)
            continue;
        QObject::disconnect(c->worker, nullptr, this, nullptr);
        c->worker->shutdown();
        c->thread->quit();
        if (wait) {
            c->thread->wait();
            delete c->thread;
        } else {
            connect(c->thread, &QThread::finished, c->thread, &QObject::deleteLater);
        }
        c->thread = nullptr;
    }
}

bool BuyPage::idle() const {
    return !m_customers[0]->busy && !m_customers[1]->busy;
}

void BuyPage::startBuy(Customer& c) {
    if (c.busy)
        return;
    c.busy = true;
    c.buy->setEnabled(false);
    m_buyBoth->setEnabled(false);
    c.steps->clear();
    c.outcome->clear();
    CustomerWorker* worker = c.worker;
    const QString strategy = c.strategy->currentText();
    const QString store = m_store->currentText();
    const int item = m_item->currentData().toInt();
    const int pay = m_pay->value();
    const int lease = m_lease->value();
    QMetaObject::invokeMethod(
        worker,
        [worker, strategy, store, item, pay, lease] {
            worker->buy(strategy, store, item, pay, lease);
        },
        Qt::QueuedConnection);
}

} // namespace lockscope
