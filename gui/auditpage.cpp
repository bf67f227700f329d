#include "gui/auditpage.h"

#include <QDateTime>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace lockscope {

AuditPage::AuditPage(QWidget* parent)
    : QWidget(parent)
    , m_model(new QStandardItemModel(0, 9, this)) {
    m_model->setHorizontalHeaderLabels({tr("Time"), tr("Operator"), tr("Host"), tr("Backend"),
                                        tr("Resource"), tr("Observed holder"), tr("Action"),
                                        tr("Outcome"), tr("Reason / detail")});
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    auto* reload =
        new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Reload"), this);
    m_status = new QLabel(this);
    top->addWidget(reload);
    top->addWidget(m_status, 1);
    layout->addLayout(top);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(0, 150);
    m_view->setColumnWidth(4, 200);
    m_view->setColumnWidth(5, 200);
    layout->addWidget(m_view);
    connect(reload, &QPushButton::clicked, this, &AuditPage::reloadRequested);
}

void AuditPage::setError(const QString& error) {
    m_status->setText(
        QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(error.toHtmlEscaped()));
}

void AuditPage::setRows(const QList<lockscope::AuditRecord>& rows) {
    m_status->setText(tr("%n attempt(s) recorded", nullptr, int(rows.size())));
    // Newest first: only rows newer than the newest shown are added, at the top, oldest of them
    // last.
    int insertAt = 0;
    qint64 newest = m_newestId;
    for (const AuditRecord& r : rows) {
        if (r.id <= m_newestId)
            break;
        newest = std::max<qint64>(newest, r.id);
        QList<QStandardItem*> items;
        for (const QString& text :
             {QDateTime::fromMSecsSinceEpoch(r.atMs).toString(Qt::ISODate), r.attempt.operatorName,
              r.attempt.host, r.attempt.backend, r.attempt.resource, r.attempt.observedOwner,
              r.attempt.action, AuditRecord::outcomeName(r.outcome),
              r.attempt.reason + QStringLiteral(" — ") + r.detail}) {
            auto* item = new QStandardItem(text);
            item->setToolTip(text);
            // Only a failure is red: "changed" and "refused" are the safe outcomes.
            if (r.outcome == AuditRecord::Outcome::Failed ||
                r.outcome == AuditRecord::Outcome::Pending)
                item->setForeground(QColor(192, 57, 43));
            items << item;
        }
        m_records.insert(insertAt, r);
        m_model->insertRow(insertAt++, items);
    }
    m_newestId = newest;
}

} // namespace lockscope
