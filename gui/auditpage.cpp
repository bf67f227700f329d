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

void AuditPage::setRows(const QJsonArray& rows) {
    m_status->setText(tr("%n attempt(s) recorded", nullptr, int(rows.size())));
    // Newest first: only rows newer than the newest shown are added, at the top, oldest of them
    // last.
    int insertAt = 0;
    qint64 newest = m_newestId;
    for (const auto& v : rows) {
        const QJsonObject r = v.toObject();
        const qint64 id = r.value(QStringLiteral("id")).toInteger();
        if (id <= m_newestId)
            break;
        newest = std::max(newest, id);
        QList<QStandardItem*> items;
        const QString outcome = r.value(QStringLiteral("outcome")).toString();
        for (const QString& text :
             {QDateTime::fromMSecsSinceEpoch(r.value(QStringLiteral("at_ms")).toInteger())
                  .toString(Qt::ISODate),
              r.value(QStringLiteral("operator")).toString(),
              r.value(QStringLiteral("host")).toString(),
              r.value(QStringLiteral("backend")).toString(),
              r.value(QStringLiteral("resource")).toString(),
              r.value(QStringLiteral("observed_owner")).toString(),
              r.value(QStringLiteral("action")).toString(), outcome,
              r.value(QStringLiteral("reason")).toString() + QStringLiteral(" — ") +
                  r.value(QStringLiteral("detail")).toString()}) {
            auto* item = new QStandardItem(text);
            item->setToolTip(text);
            if (outcome != u"done")
                item->setForeground(QColor(192, 57, 43));
            items << item;
        }
        m_model->insertRow(insertAt++, items);
    }
    m_newestId = newest;
}

} // namespace lockscope
