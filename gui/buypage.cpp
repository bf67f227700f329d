#include "gui/buypage.h"

#include "core/locks/lockstrategy.h"
#include "core/shop/inventory.h"
#include "core/shop/racepurchaser.h"
#include "core/shop/stockstore.h"
#include "gui/customerworker.h"
#include "gui/namecombo.h"
#include "gui/sequencediagramwidget.h"
#include "gui/strategytext.h"
#include "gui/verdictwhylabel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace lockscope {

BuyPage::BuyPage(const NamespaceConfig& config, QWidget* parent)
    : QWidget(parent) {
    auto* root = new QHBoxLayout(this);
    root->setContentsMargins(0, 0, 0, 0);
    // Left: the shop, the customers, the verdict and its why, the log; scrolled on a small
    // window. Right: the diagram, as tall as it grows, scrolled.
    auto* left = new QWidget(this);
    auto* column = new QVBoxLayout(left);
    column->addWidget(buildShop());
    const QString ids[2] = {QStringLiteral("A"), QStringLiteral("B")};
    for (int i = 0; i < 2; ++i) {
        m_customers[i] = std::make_unique<Customer>();
        Customer& c = *m_customers[i];
        column->addWidget(buildCustomerPanel(c));
        startCustomerWorker(c, config, ids[i]);
        connectCustomer(c);
    }
    m_log = new QListWidget(left);
    m_log->setMinimumHeight(6 * m_log->fontMetrics().lineSpacing());
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_log->setFont(mono);
    column->addWidget(m_log, 1);
    auto* leftScroll = new QScrollArea(this);
    leftScroll->setWidget(left);
    leftScroll->setWidgetResizable(true);
    leftScroll->setFrameShape(QFrame::NoFrame);
    leftScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Always there: a bar appearing when a verdict makes the column taller moved the panels
    // sideways under the pointer.
    leftScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    // As wide as the column wants (German labels and buttons are longer), within bounds.
    const int wanted =
        left->sizeHint().width() + leftScroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4;
    leftScroll->setMinimumWidth(std::clamp(wanted, 400, 540));
    leftScroll->setMaximumWidth(std::max(470, leftScroll->minimumWidth()));
    root->addWidget(leftScroll);

    m_diagram = new SequenceDiagramWidget(this);
    m_diagramScroll = new QScrollArea(this);
    m_diagramScroll->setWidget(m_diagram);
    m_diagramScroll->setWidgetResizable(true);
    m_diagramScroll->setMinimumWidth(360);
    // Right: the diagram, and under it why the verdict is what it is.
    auto* right = new QVBoxLayout;
    right->setContentsMargins(0, 0, 0, 0);
    right->addWidget(m_diagramScroll, 1);
    m_why = new VerdictWhyLabel(this);
    m_why->setVisible(false);
    right->addWidget(m_why);
    root->addLayout(right, 1);

    connectShopButtons();
    applyRace();
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
    auto* v = new QVBoxLayout(top);
    v->addLayout(buildShopForm(top));
    m_stock->setWordWrap(true);
    m_verdict = new QLabel(top);
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    QFont big = m_verdict->font();
    big.setPointSize(14);
    big.setBold(true);
    m_verdict->setFont(big);
    // Room for two lines of each, shown or not: nothing below moves when a verdict appears.
    m_stock->setMinimumHeight(2 * m_stock->fontMetrics().lineSpacing() + 4);
    m_verdict->setMinimumHeight(QFontMetrics(big).lineSpacing() + 4);
    m_buyBoth =
        new QPushButton(QIcon(QStringLiteral(":/icons/run.svg")), tr("Buy both at once"), top);
    m_buyBoth->setMinimumHeight(34);
    v->addWidget(m_buyBoth);
    v->addWidget(m_stock);
    v->addWidget(m_verdict);
    auto updatePay = [this] {
        m_payLabel->setText(tr("%1 s").arg(QLocale().toString(m_pay->value() / 1000.0, 'f', 1)));
    };
    connect(m_pay, &QSlider::valueChanged, this, updatePay);
    updatePay();
    return top;
}

QFormLayout* BuyPage::buildShopForm(QWidget* top) {
    m_race = new QComboBox(top);
    m_race->addItem(tr("The last item (stock)"), int(DemoScenario::Race::Stock));
    m_race->addItem(tr("Double charge (one order, two payments)"),
                    int(DemoScenario::Race::DoubleCharge));
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
    m_pay->setMinimumWidth(120);
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
    form->addRow(tr("Race:"), m_race);
    m_itemLabel = new QLabel(tr("Item:"), top);
    form->addRow(m_itemLabel, m_item);
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
    m_stockRowLabel = new QLabel(tr("Stock:"), top);
    form->addRow(m_stockRowLabel, resetRow);
    return form;
}

QGroupBox* BuyPage::buildCustomerPanel(Customer& c) {
    c.box = new QGroupBox(this);
    auto* v = new QVBoxLayout(c.box);
    auto* row = new QHBoxLayout;
    c.strategy = new QComboBox(c.box);
    c.strategy->setMinimumContentsLength(8);
    c.strategy->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c.buy = new QPushButton(tr("Buy"), c.box);
    c.pause = new QPushButton(tr("Pause this holder"), c.box);
    c.pause->setCheckable(true);
    row->addWidget(c.strategy, 1);
    row->addWidget(c.buy);
    row->addWidget(c.pause);
    v->addLayout(row);
    c.outcome = new QLabel(c.box);
    c.outcome->setTextFormat(Qt::RichText);
    c.outcome->setWordWrap(true);
    v->addWidget(c.outcome);
    return c.box;
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
    connect(c.worker, &CustomerWorker::started, this,
            [this, &c](int stockBefore, qint64 steadyUs) { onStarted(c, stockBefore, steadyUs); });
    connect(c.worker, &CustomerWorker::paused, this,
            [this, &c](qint64 from, qint64 to) { onPaused(c, from, to); });
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
    connect(m_race, &QComboBox::currentIndexChanged, this, &BuyPage::applyRace);
    connect(m_buyBoth, &QPushButton::clicked, this, [this] {
        startBuy(*m_customers[0]);
        startBuy(*m_customers[1]);
    });
    connect(m_reset, &QPushButton::clicked, this, [this] {
        CustomerWorker* worker = m_customers[0]->worker;
        const QString store = currentName(m_store);
        const int item = m_item->currentData().toInt();
        const int stock = m_resetTo->value();
        if (const DemoScenario::Race race = this->race(); race != DemoScenario::Race::Stock) {
            QMetaObject::invokeMethod(
                worker, [worker, race, item] { worker->resetOrder(race, item); },
                Qt::QueuedConnection);
            return;
        }
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
        startRound();
        showVerdict();
    }
    c.busy = true;
    c.buy->setEnabled(false);
    m_buyBoth->setEnabled(false);
    c.outcome->clear();
    c.startUs = CustomerWorker::steadyNowUs() - m_roundZeroUs; // until the worker says
    CustomerWorker* worker = c.worker;
    const QString strategy = currentName(c.strategy);
    const QString store = currentName(m_store);
    const int item = m_item->currentData().toInt();
    const int pay = m_pay->value();
    const int lease = m_lease->value();
    const DemoScenario::Race race = this->race();
    QMetaObject::invokeMethod(
        worker,
        [worker, race, strategy, store, item, pay, lease] {
            worker->buyRace(race, strategy, store, item, pay, lease);
        },
        Qt::QueuedConnection);
}

QString BuyPage::stepText(DemoScenario::Race race, PurchaseEvent::Step step) {
    if (race == DemoScenario::Race::DoubleCharge) {
        switch (step) {
        case PurchaseEvent::Step::ReadStock:
            return tr("read the order's charges");
        case PurchaseEvent::Step::WroteStock:
            return tr("charged the card");
        case PurchaseEvent::Step::SoldOut:
            return tr("not charged");
        default:
            break;
        }
    }
    return stepText(step);
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

QString BuyPage::outcomeText(DemoScenario::Race race, const PurchaseResult& result) {
    using Outcome = PurchaseResult::Outcome;
    if (race != DemoScenario::Race::DoubleCharge)
        return outcomeText(result);
    if (result.duplicate)
        return tr("Refused: the order's idempotency key was taken, nothing charged");
    switch (result.outcome) {
    case Outcome::Confirmed:
        return tr("Charged the card");
    case Outcome::SoldOut:
        return tr("Already paid: nothing charged");
    default:
        return outcomeText(result);
    }
}

QString BuyPage::logText(const Customer& c, const PurchaseEvent& e) const {
    using Step = PurchaseEvent::Step;
    const qint64 atUs = c.startUs + e.elapsed.count();
    QString text = QStringLiteral("%1 ms  %2  %3")
                       .arg(QLocale().toString(double(atUs) / 1000.0, 'f', 1), 8)
                       .arg(c.shortName, stepText(race(), e.step));
    if (e.token)
        text += tr("  token %1").arg(e.token);
    if (e.stock >= 0)
        text += (race() == DemoScenario::Race::DoubleCharge ? tr("  charges %1") : tr("  stock %1"))
                    .arg(QLocale().toString(e.stock));
    QStringList more;
    if (const QString note = noteText(e.note); !note.isEmpty())
        more << note;
    // The detail is data (the lock's value, a server's error), shown as it came.
    if (!e.detail.empty() && (e.step == Step::Acquired || e.step == Step::Failed))
        more << (e.step == Step::Acquired ? tr("value %1") : QStringLiteral("%1"))
                    .arg(QString::fromStdString(e.detail).left(80));
    if (!more.isEmpty())
        text += QStringLiteral("  (%1)").arg(more.join(QStringLiteral(": ")));
    return text;
}

QList<QListWidgetItem*> BuyPage::logOf(int customer) const {
    QList<QListWidgetItem*> out;
    for (int i = 0; i < m_log->count(); ++i)
        if (m_log->item(i)->data(Qt::UserRole + 1).toInt() == customer)
            out << m_log->item(i);
    return out;
}

void BuyPage::onStep(Customer& c, const PurchaseEvent& e) {
    using Step = PurchaseEvent::Step;
    auto* item = new QListWidgetItem(logText(c, e), m_log);
    item->setData(Qt::UserRole, int(e.step));
    item->setData(Qt::UserRole + 1, indexOf(c));
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
    m_log->scrollToBottom();
    if (m_builder) {
        m_builder->add(indexOf(c), e, c.startUs + e.elapsed.count());
        showDiagram();
    }
}

void BuyPage::onPaused(Customer& c, qint64 fromSteadyUs, qint64 toSteadyUs) {
    if (!m_builder)
        return;
    m_builder->markPaused(indexOf(c), fromSteadyUs - m_roundZeroUs, toSteadyUs - m_roundZeroUs);
    showDiagram();
}

DemoScenario::Race BuyPage::race() const {
    return DemoScenario::Race(m_race->currentData().toInt());
}

void BuyPage::startRound() {
    m_roundZeroUs = CustomerWorker::steadyNowUs();
    const DemoScenario::Race race = this->race();
    const QString a = currentName(m_customers[0]->strategy);
    const QString b = currentName(m_customers[1]->strategy);
    // One lock server lane: the first customer's that takes a lock.
    const QString locking = SequenceDiagramBuilder::lockServerName(a).isEmpty() ? b : a;
    // The lane stays when neither takes a lock: empty, it shows that nothing orders them.
    const QString lockServer = SequenceDiagramBuilder::lockServerName(locking);
    const QString store =
        race == DemoScenario::Race::Stock ? currentName(m_store) : QStringLiteral("postgres");
    m_builder = std::make_unique<SequenceDiagramBuilder>(
        race, a == b ? a : locking, QStringList{m_customers[0]->name, m_customers[1]->name},
        lockServer.isEmpty() ? tr("No lock server") : lockServer,
        SequenceDiagramBuilder::storeName(store, race));
    if (SequenceDiagramBuilder::strategyHasLease(locking))
        m_builder->setLease(std::chrono::milliseconds(m_lease->value()));
    m_log->clear();
    showDiagram();
}

void BuyPage::showDiagram() {
    if (!m_builder) {
        m_diagram->setDiagram({});
        m_why->showMessage({});
        return;
    }
    const SequenceDiagram& d = m_builder->diagram();
    m_diagram->setDiagram(d);
    if (!idle()) // live: the newest step in view, once the scroll area has the new height
        QTimer::singleShot(0, this, [this] {
            QScrollBar* bar = m_diagramScroll->verticalScrollBar();
            bar->setValue(bar->maximum());
        });
    m_why->showVerdicts(d);
}

void BuyPage::applyRace() {
    const DemoScenario::Race race = this->race();
    const bool stock = race == DemoScenario::Race::Stock;
    const QString names[2] = {stock ? tr("Customer A") : tr("Worker 1"),
                              stock ? tr("Customer B") : tr("Worker 2")};
    const QString shortNames[2] = {stock ? QStringLiteral("A") : QStringLiteral("1"),
                                   stock ? QStringLiteral("B") : QStringLiteral("2")};
    for (int i = 0; i < 2; ++i) {
        Customer& c = *m_customers[i];
        c.name = names[i];
        c.shortName = shortNames[i];
        c.box->setTitle(c.name);
        const QString chosen =
            c.strategy->count() ? currentName(c.strategy) : QStringLiteral("none");
        c.strategy->clear();
        addNames(c.strategy, RacePurchaser::strategiesFor(race));
        StrategyText::decorate(c.strategy);
        if (!selectName(c.strategy, chosen))
            selectName(c.strategy, QStringLiteral("none"));
        c.buy->setText(stock ? tr("Buy") : tr("Confirm payment"));
    }
    m_buyBoth->setText(stock ? tr("Buy both at once") : tr("Confirm both at once"));
    // The double charge's ledger is PostgreSQL's (a UNIQUE constraint decides it).
    if (!stock)
        selectName(m_store, QStringLiteral("postgres"));
    m_store->setEnabled(stock);
    m_resetTo->setVisible(stock);
    m_reset->setText(stock ? tr("Set stock") : tr("New unpaid order"));
    m_itemLabel->setText(stock ? tr("Item:") : tr("Order of:"));
    m_stockRowLabel->setText(stock ? tr("Stock:") : tr("Order:"));
    m_roundStart = -1;
    m_roundSold = 0;
    m_lastStock = -1;
    m_builder.reset();
    m_log->clear();
    m_stock->clear();
    for (const auto& c : m_customers)
        c->outcome->clear();
    showDiagram();
    showVerdict();
}

void BuyPage::onDone(Customer& c, const PurchaseResult& result, int stock) {
    if (m_builder) {
        m_builder->finish(indexOf(c), result, c.startUs + result.total.count());
        showDiagram();
    }
    c.busy = false;
    c.buy->setEnabled(true);
    const bool confirmed = result.outcome == PurchaseResult::Outcome::Confirmed;
    c.outcome->setText(QStringLiteral("<b style='color:%1'>%2</b>")
                           .arg(confirmed ? QStringLiteral("#27ae60") : QStringLiteral("#c0392b"),
                                outcomeText(race(), result).toHtmlEscaped()));
    if (confirmed)
        ++m_roundSold;
    showStock(stock);
    m_buyBoth->setEnabled(idle());
    emit purchaseFinished();
}

void BuyPage::onStockReset(Customer& c, int stock) {
    const QString text = race() == DemoScenario::Race::Stock ? tr("Stock set to %1").arg(stock)
                                                             : tr("A new unpaid order");
    c.outcome->setText(QStringLiteral("<b style='color:#27ae60'>%1</b>").arg(text.toHtmlEscaped()));
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

void BuyPage::onStarted(Customer& c, int stockBefore, qint64 steadyUs) {
    c.startUs = steadyUs - m_roundZeroUs;
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
    if (race() == DemoScenario::Race::DoubleCharge) {
        m_stock->setText(tr("Charges for this order: <b>%1</b>").arg(QLocale().toString(stock)));
        showVerdict();
        return;
    }
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
    if (race() == DemoScenario::Race::DoubleCharge) {
        if (m_lastStock > 1)
            text =
                QStringLiteral("<span style='color:#c0392b'>%1</span>")
                    .arg(tr("CHARGED %1 TIMES for one order").arg(QLocale().toString(m_lastStock)));
        else if (idle() && m_lastStock == 1 && m_roundSold > 0)
            text = QStringLiteral("<span style='color:#27ae60'>%1</span>").arg(tr("Charged once"));
        m_verdict->setText(text);
        return;
    }
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
