#pragma once

#include "core/demo/demoscenario.h"
#include "core/diagram/sequencediagrambuilder.h"
#include "core/namespaceconfig.h"
#include "core/shop/purchase.h"

#include <QThread>
#include <QWidget>
#include <memory>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSlider;
class QScrollArea;
class QLabel;
class QSpinBox;

namespace lockscope {

class CustomerWorker;
class VerdictWhyLabel;
class SequenceDiagramWidget;

/// "Customer A and Customer B buy the last item": two customers, each with a strategy and a
/// Buy button; "Buy both" starts them together; every step is drawn as it happens on a
/// sequence diagram (the customers, the lock server and the store as lanes, on one clock), with
/// a compact text log below it and the verdict's "why" paragraph beside the verdict.
/// The race selector plays the shop's other race too: a double charge (two payment workers
/// confirm one order; the customers become Worker 1 and 2).
class BuyPage : public QWidget {
    Q_OBJECT
public:
    BuyPage(const NamespaceConfig& config, QWidget* parent = nullptr);
    ~BuyPage() override;

    struct Customer {
        QString name;
        QString shortName; ///< "A", "B" (stock) or "1", "2": the log's first column
        QGroupBox* box = nullptr;
        QThread* thread = nullptr;
        CustomerWorker* worker = nullptr;
        QComboBox* strategy = nullptr;
        QPushButton* buy = nullptr;
        QPushButton* pause = nullptr;
        QLabel* outcome = nullptr;
        bool busy = false;
        qint64 startUs = 0; ///< its purchase started here, on the round's clock
        qint64 pausedFromUs = -1;
    };

    Customer& customer(int i) { return *m_customers[i]; }
    QPushButton* buyBothButton() const { return m_buyBoth; }
    QPushButton* resetButton() const { return m_reset; }
    QComboBox* itemBox() const { return m_item; }
    QComboBox* storeBox() const { return m_store; }
    QSlider* paySlider() const { return m_pay; }
    QLabel* stockLabel() const { return m_stock; }
    /// The page's own verdict on the current round ("OVERSOLD: 2 orders for 1 item"); its
    /// height is reserved, so the verdict appearing never moves the customers' panels.
    QLabel* verdictLabel() const { return m_verdict; }
    /// The "why" of the diagram's verdicts (DiagramExplainer), word-wrapped, plain text.
    VerdictWhyLabel* whyLabel() const { return m_why; }
    /// The round's sequence diagram, drawn live.
    SequenceDiagramWidget* diagramWidget() const { return m_diagram; }
    /// The compact text log: one line per step of either customer ("A  acquired  token 34");
    /// each item carries its step in Qt::UserRole and the customer (0, 1) in Qt::UserRole + 1.
    QListWidget* logList() const { return m_log; }
    /// The log's lines of one customer (0: A, 1: B), oldest first; each carries its step in
    /// Qt::UserRole.
    QList<QListWidgetItem*> logOf(int customer) const;
    /// The race the page plays (stock, double-charge); its item data is the race (int).
    QComboBox* raceBox() const { return m_race; }
    DemoScenario::Race race() const;
    bool idle() const;
    /// Stops the customers' threads: wait = true joins them (application exit); false detaches
    /// them (they finish their purchase and delete themselves), so a switch never blocks the GUI.
    void shutdown(bool wait);
    int lastStock() const { return m_lastStock; }
    /// Orders confirmed in the current round: since "Set stock", or since a buy started while
    /// both customers were idle.
    int soldSinceSet() const { return m_roundSold; }
    /// The item's stock when the round started, as the store said (read by the customers'
    /// workers right before they buy, or set by "Set stock"); -1 until known.
    int roundStartStock() const { return m_roundStart; }
    /// More orders confirmed in this round than there were items.
    bool oversold() const {
        return race() == DemoScenario::Race::Stock && m_roundStart >= 0 &&
               m_roundSold > m_roundStart;
    }

    /// What the page shows for a step and an outcome, translated (display only: the page
    /// decides on the enums). Each step's list item carries its step in Qt::UserRole.
    static QString stepText(PurchaseEvent::Step step);
    /// The same, in the race's words (double-charge: "charged the card").
    static QString stepText(DemoScenario::Race race, PurchaseEvent::Step step);
    static QString noteText(PurchaseEvent::Note note);
    static QString outcomeText(const PurchaseResult& result);
    /// The same in the race's words (double charge: "Charged the card", "Already paid").
    static QString outcomeText(DemoScenario::Race race, const PurchaseResult& result);

signals:
    void purchaseFinished();

private:
    QGroupBox* buildShop();
    QFormLayout* buildShopForm(QWidget* top);
    QGroupBox* buildCustomerPanel(Customer& c);
    void startCustomerWorker(Customer& c, const NamespaceConfig& config, const QString& id);
    void connectCustomer(Customer& c);
    void connectShopButtons();
    void startBuy(Customer& c);
    void onStarted(Customer& c, int stockBefore, qint64 steadyUs);
    void onStep(Customer& c, const PurchaseEvent& e);
    void onDone(Customer& c, const PurchaseResult& result, int stock);
    void onStockReset(Customer& c, int stock);
    void onFailed(Customer& c, const QString& error);
    void showStock(int stock);
    void showVerdict();
    void applyRace();
    void startRound();
    void showDiagram();
    void onPaused(Customer& c, qint64 fromSteadyUs, qint64 toSteadyUs);
    QString logText(const Customer& c, const PurchaseEvent& e) const;
    int indexOf(const Customer& c) const { return &c == m_customers[0].get() ? 0 : 1; }

    std::unique_ptr<Customer> m_customers[2];
    QComboBox* m_race;
    QComboBox* m_item;
    QLabel* m_itemLabel;
    QLabel* m_stockRowLabel;
    QComboBox* m_store;
    QSlider* m_pay;
    QLabel* m_payLabel;
    QSpinBox* m_lease;
    QSpinBox* m_resetTo;
    QPushButton* m_reset;
    QPushButton* m_buyBoth;
    QLabel* m_stock;
    QLabel* m_verdict;
    VerdictWhyLabel* m_why;
    QListWidget* m_log;
    SequenceDiagramWidget* m_diagram;
    QScrollArea* m_diagramScroll;
    std::unique_ptr<SequenceDiagramBuilder> m_builder;
    qint64 m_roundZeroUs = 0; ///< steady clock (us) of the round's start: the diagram's zero
    int m_lastStock = -1;
    int m_roundStart = -1; ///< the item's stock when the round started; -1 until known
    int m_roundSold = 0;   ///< orders confirmed in this round
};

} // namespace lockscope
