#include "gui/buypage.h"

#include "core/locks/lockstrategy.h"
#include "core/shop/inventory.h"
#include "core/shop/stockstore.h"
#include "gui/customerworker.h"
#include "gui/namecombo.h"
#include "gui/strategytext.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lockscope {

BuyPage::BuyPage(const NamespaceConfig& config, QWidget* parent)
    : QWidget(parent) {
    auto* root = new QVBoxLayout(this);
    root->addWidget(buildShop());
    auto* panels = new QHBoxLayout;
    const QString names[2] = {tr("Customer A"), tr("Customer B")};
    for (int i = 0; i < 2; ++i) {
        m_customers[i] = std::make_unique<Customer>();
        Customer& c = *m_customers[i];
        c.name = names[i];
        panels->addWidget(buildCustomerPanel(c));
        startCustomerWorker(c, config, i == 0 ? QStringLiteral("A") : QStringLiteral("B"));
        connectCustomer(c);
    }
    root->addLayout(panels, 1);
    connectShopButtons();
    if (config.readOnly) { // core refuses these writes anyway; say why the buttons do nothing
        const QString why = tr("Read-only mode: this would write to the servers.");
        QList<QPushButton*> writers{m_reset, m_buyBoth};
        for (const auto& c : m_customers)
            writers << c->buy;
        for (QPushButton* b : writers) {
            b->setEnabled(false);
            b->setToolTip(why);
        }
    }
}

QGroupBox* BuyPage::buildShop() {
    auto* top = new QGroupBox(tr("The shop"), this);
    auto* topLayout = new QHBoxLayout(top);
    // The form at a readable width: on a wide window the rest stays empty on the right.
    auto* formColumn = new QWidget(top);
    formColumn->setLayout(buildShopForm(formColumn));
    formColumn->setMaximumWidth(620);
    topLayout->addWidget(formColumn, 1);
    topLayout->addSpacing(16);
    // A column of its own width: the verdict appearing below the button never narrows the form.
    auto* rightColumn = new QWidget(top);
    rightColumn->setFixedWidth(340);
    auto* right = new QVBoxLayout(rightColumn);
    right->setContentsMargins(0, 0, 0, 0);
    m_stock->setWordWrap(true);
    m_verdict = new QLabel(rightColumn);
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    QFont big = m_verdict->font();
    big.setPointSize(14);
    big.setBold(true);
    m_verdict->setFont(big);
    // Room for two lines of each, shown or not: nothing below moves when a verdict appears.
    m_stock->setFixedHeight(2 * m_stock->fontMetrics().lineSpacing() + 4);
    m_verdict->setFixedHeight(2 * QFontMetrics(big).lineSpacing() + 4);
    m_buyBoth =
        new QPushButton(QIcon(QStringLiteral(":/icons/run.svg")), tr("Buy both at once"), top);
    m_buyBoth->setMinimumHeight(40);
    right->addWidget(m_buyBoth);
    right->addWidget(m_stock);
    right->addWidget(m_verdict);
    right->addStretch();
    topLayout->addWidget(rightColumn);
    topLayout->addStretch(0);
    auto updatePay = [this] {
        m_payLabel->setText(tr("%1 s").arg(QLocale().toString(m_pay->value() / 1000.0, 'f', 1)));
    };
    connect(m_pay, &QSlider::valueChanged, this, updatePay);
    updatePay();
    return top;
}

QFormLayout* BuyPage::buildShopForm(QWidget* top) {
    m_item = new QComboBox(top);
    for (const auto& i : Inventory::demoItems())
        m_item->addItem(QString::fromStdString(i.name), i.id);
    m_item->setCurrentIndex(2); // the signed vinyl: stock 1
    m_store = new QComboBox(top);
    addNames(m_store, StockStore::names(), storeLabel);
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
    return form;
}

QGroupBox* BuyPage::buildCustomerPanel(Customer& c) {
    auto* box = new QGroupBox(c.name, this);
    auto* v = new QVBoxLayout(box);
    auto* row = new QHBoxLayout;
    c.strategy = new QComboBox(box);
    addNames(c.strategy, LockStrategy::allNames());
    StrategyText::decorate(c.strategy);
    selectName(c.strategy, QStringLiteral("none"));
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
    return box;
}

void BuyPage::startCustomerWorker(Customer& c, const NamespaceConfig& config, const QString& id) {
    c.worker = new CustomerWorker(config, id);
    c.thread = new QThread;
    c.worker->moveToThread(c.thread);
    connect(c.thread, &QThread::finished, c.worker, &QObject::deleteLater);
    c.thread->start();
}

void BuyPage::connectCustomer(Customer& c) {
    connect(c.buy, &QPushButton::clicked, this, [this, &c] { startBuy(c); });
    connect(c.pause, &QPushButton::toggled, this, [&c](bool on) {
        c.worker->setPaused(on);
        c.pause->setText(on ? tr("Resume (paused)") : tr("Pause this holder"));
    });
    connect(c.worker, &CustomerWorker::started, this, &BuyPage::onStarted);
    connect(c.worker, &CustomerWorker::step, this,
            [this, &c](const PurchaseEvent& e) { onStep(c, e); });
    connect(c.worker, &CustomerWorker::done, this,
            [this, &c](const PurchaseResult& r, int stock) { onDone(c, r, stock); });
    connect(c.worker, &CustomerWorker::stockReset, this,
            [this, &c](int stock) { onStockReset(c, stock); });
    connect(c.worker, &CustomerWorker::failed, this,
            [this, &c](const QString& error) { onFailed(c, error); });
}

void BuyPage::connectShopButtons() {
    connect(m_buyBoth, &QPushButton::clicked, this, [this] {
        startBuy(*m_customers[0]);
        startBuy(*m_customers[1]);
    });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        CustomerWorker* worker = m_customers[0]->worker;
        const QString store = currentName(m_store);
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
    if (idle()) { // a new round: its starting stock comes from the store, read by the worker
        m_roundStart = -1;
        m_roundSold = 0;
        showVerdict();
    }
    c.busy = true;
    c.buy->setEnabled(false);
    m_buyBoth->setEnabled(false);
    c.steps->clear();
    c.outcome->clear();
    CustomerWorker* worker = c.worker;
    const QString strategy = currentName(c.strategy);
    const QString store = currentName(m_store);
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

QString BuyPage::stepText(PurchaseEvent::Step step) {
    using Step = PurchaseEvent::Step;
    switch (step) {
    case Step::WaitingForLock:
        return tr("waiting for the lock");
    case Step::Acquired:
        return tr("acquired the lock");
    case Step::ReadStock:
        return tr("read the stock");
    case Step::Paying:
        return tr("paying");
    case Step::WroteStock:
        return tr("wrote the stock");
    case Step::Fenced:
        return tr("fenced off: a newer lock holder wrote first");
    case Step::SoldOut:
        return tr("sold out");
    case Step::LockTimeout:
        return tr("gave up waiting for the lock");
    case Step::Released:
        return tr("released the lock");
    case Step::Failed:
        return tr("failed");
    case Step::Done:
        return tr("done");
    }
    return {};
}

QString BuyPage::noteText(PurchaseEvent::Note note) {
    using Note = PurchaseEvent::Note;
    switch (note) {
    case Note::None:
        return {};
    case Note::ConditionalDecrement:
        return tr("one conditional write");
    case Note::ReadRefused:
        return tr("read refused: a newer lock holder has been here");
    case Note::WriteRefused:
        return tr("write refused: a newer lock holder has written");
    case Note::ReleasedOwn:
        return tr("it was still ours");
    case Note::NotOwnerAnyMore:
        return tr("not ours any more: nothing deleted");
    case Note::ReleaseFailed:
        return tr("while releasing");
    case Note::Crashed:
        return tr("crashed in the critical section (simulated)");
    case Note::Duplicate:
        return tr("refused by the unique constraint: done once already");
    case Note::AlreadyPaid:
        return tr("already paid: nothing to do");
    case Note::DiscountApplied:
        return tr("the one-time discount applied");
    case Note::AtomicIncrement:
        return tr("one atomic increment");
    }
    return {};
}

QString BuyPage::outcomeText(const PurchaseResult& result) {
    using Outcome = PurchaseResult::Outcome;
    switch (result.outcome) {
    case Outcome::Confirmed:
        return tr("Confirmed: order %1").arg(result.orderId);
    case Outcome::SoldOut:
        return tr("Sold out: this customer was told no");
    case Outcome::LockTimeout:
        return tr("Gave up: the lock stayed taken");
    case Outcome::Fenced:
        return tr("Fenced off: the store refused a stale lock holder");
    case Outcome::Error:
        return tr("Failed: %1").arg(QString::fromStdString(result.error));
    }
    return {};
}

void BuyPage::onStep(Customer& c, const PurchaseEvent& e) {
    using Step = PurchaseEvent::Step;
    QString text = QStringLiteral("%1 ms  %2")
                       .arg(QLocale().toString(double(e.elapsed.count()) / 1000.0, 'f', 1), 8)
                       .arg(stepText(e.step));
    if (e.token)
        text += tr("  token %1").arg(e.token);
    if (e.stock >= 0)
        text += tr("  stock %1").arg(QLocale().toString(e.stock));
    QStringList more;
    if (const QString note = noteText(e.note); !note.isEmpty())
        more << note;
    // The detail is data (the lock's value, a server's error), shown as it came.
    if (!e.detail.empty() && (e.step == Step::Acquired || e.step == Step::Failed))
        more << (e.step == Step::Acquired ? tr("value %1") : QStringLiteral("%1"))
                    .arg(QString::fromStdString(e.detail).left(80));
    if (!more.isEmpty())
        text += QStringLiteral("  (%1)").arg(more.join(QStringLiteral(": ")));
    auto* item = new QListWidgetItem(text, c.steps);
    item->setData(Qt::UserRole, int(e.step));
    switch (e.step) {
    case Step::Fenced:
    case Step::SoldOut:
    case Step::LockTimeout:
    case Step::Failed:
        item->setForeground(QColor(192, 57, 43));
        break;
    default:
        break;
    }
    c.steps->scrollToBottom();
}

void BuyPage::onDone(Customer& c, const PurchaseResult& result, int stock) {
    c.busy = false;
    c.buy->setEnabled(true);
    const bool confirmed = result.outcome == PurchaseResult::Outcome::Confirmed;
    c.outcome->setText(QStringLiteral("<b style='color:%1'>%2</b>")
                           .arg(confirmed ? QStringLiteral("#27ae60") : QStringLiteral("#c0392b"),
                                outcomeText(result).toHtmlEscaped()));
    if (confirmed)
        ++m_roundSold;
    showStock(stock);
    m_buyBoth->setEnabled(idle());
    emit purchaseFinished();
}

void BuyPage::onStockReset(Customer& c, int stock) {
    c.outcome->setText(QStringLiteral("<b style='color:#27ae60'>%1</b>")
                           .arg(tr("Stock set to %1").arg(stock).toHtmlEscaped()));
    m_roundStart = stock;
    m_roundSold = 0;
    showStock(stock);
    emit purchaseFinished();
}

void BuyPage::onFailed(Customer& c, const QString& error) {
    c.busy = false;
    c.buy->setEnabled(true);
    c.outcome->setText(QStringLiteral("<b style='color:#c0392b'>%1</b>")
                           .arg(tr("Failed: %1").arg(error).toHtmlEscaped()));
    m_buyBoth->setEnabled(idle());
    showVerdict();
    emit purchaseFinished();
}

void BuyPage::onStarted(int stockBefore) {
    // Both customers read it as they start; one may read after the other has already written:
    // the round started with the larger.
    if (stockBefore < 0)
        return;
    m_roundStart = std::max(m_roundStart, stockBefore);
    if (m_lastStock < 0)
        m_lastStock = stockBefore;
    showStock(m_lastStock);
}

void BuyPage::showStock(int stock) {
    m_lastStock = stock;
    QString text = tr("Stock now: <b>%1</b>").arg(QLocale().toString(stock));
    if (m_roundStart >= 0)
        text += QStringLiteral("<br>") +
                tr("Orders this round: <b>%1</b> (stock was %2)")
                    .arg(QLocale().toString(m_roundSold), QLocale().toString(m_roundStart));
    m_stock->setText(text);
    showVerdict();
}

void BuyPage::showVerdict() {
    auto orders = [](int n) {
        return n == 1 ? tr("1 order") : tr("%1 orders").arg(QLocale().toString(n));
    };
    auto items = [](int n) {
        return n == 1 ? tr("1 item") : tr("%1 items").arg(QLocale().toString(n));
    };
    QString text;
    if (oversold()) {
        text = QStringLiteral("<span style='color:#c0392b'>%1</span>")
                   .arg(tr("OVERSOLD: %1 for %2").arg(orders(m_roundSold), items(m_roundStart)));
    } else if (idle() && m_roundStart >= 0 && m_roundSold > 0) {
        text = QStringLiteral("<span style='color:#27ae60'>%1</span>")
                   .arg(tr("No oversell: %1 for %2").arg(orders(m_roundSold), items(m_roundStart)));
    }
    m_verdict->setText(text);
}

} // namespace lockscope
