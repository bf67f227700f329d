#include "gui/auditpage.h"

#include <QDateTime>
#include <QFontMetrics>
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
    // At 1024 px every column stays in view: the short ones sized to their text, the free-text
    // ones (resource, holder, reason) share what is left and elide (the tooltip has it all).
    QHeaderView* header = m_view->horizontalHeader();
    header->setMinimumSectionSize(48);
    header->setTextElideMode(Qt::ElideRight);
    m_view->setTextElideMode(Qt::ElideMiddle);
    const QFontMetrics fm = m_view->fontMetrics();
    const int pad = fm.averageCharWidth() * 3;
    auto fixed = [&](int column, const QString& sample) {
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        m_view->setColumnWidth(
            column,
            std::max(fm.horizontalAdvance(sample),
                     fm.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString())) +
                pad);
    };
    fixed(0, QStringLiteral("2026-11-26 14:05:09 +00:00"));
    fixed(1, QStringLiteral("operator"));
    fixed(2, QStringLiteral("hostname"));
    fixed(3, QStringLiteral("zookeeper"));
    fixed(6, QStringLiteral("terminate"));
    fixed(7, outcomeText(AuditRecord::Outcome::NothingReleased).left(16));
    for (int column : {4, 5, 8})
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    layout->addWidget(m_view);
    connect(reload, &QPushButton::clicked, this, &AuditPage::reloadRequested);
}

QString AuditPage::outcomeText(AuditRecord::Outcome outcome) {
    switch (outcome) {
    case AuditRecord::Outcome::Pending:
        return tr("pending");
    case AuditRecord::Outcome::Done:
        return tr("released");
    case AuditRecord::Outcome::NothingReleased:
        return tr("nothing released");
    case AuditRecord::Outcome::Changed:
        return tr("changed: nothing done");
    case AuditRecord::Outcome::Refused:
        return tr("refused");
    case AuditRecord::Outcome::Failed:
        return tr("failed");
    }
    return {};
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
        const QStringList texts{r.timeText(),
                                r.whoText(),
                                r.attempt.host,
                                r.attempt.backend,
                                r.attempt.resource,
                                r.attempt.observedOwner,
                                r.attempt.action,
                                outcomeText(r.outcome),
                                r.attempt.reason + QStringLiteral(" — ") + r.detail};
        // Only a failure (or a row still pending) is red: "changed", "refused" and "nothing
        // released" are honest outcomes where nothing went wrong.
        const bool alarming =
            r.outcome == AuditRecord::Outcome::Failed || r.outcome == AuditRecord::Outcome::Pending;
        auto fill = [&](QStandardItem* item, const QString& text) {
            item->setText(text);
            item->setToolTip(text);
            item->setData(qint64(r.id), Qt::UserRole);
            item->setForeground(alarming ? QBrush(QColor(192, 57, 43)) : QBrush());
        };
        if (r.id <= m_newestId) {
            // A row shown before: its outcome may have been 'pending' then. Update it in place.
            for (int row = 0; row < m_model->rowCount(); ++row) {
                if (m_model->item(row, 0)->data(Qt::UserRole).toLongLong() != r.id)
                    continue;
                for (int col = 0; col < texts.size(); ++col)
                    fill(m_model->item(row, col), texts[col]);
                break;
            }
            continue;
        }
        newest = std::max<qint64>(newest, r.id);
        QList<QStandardItem*> items;
        for (const QString& text : texts) {
            auto* item = new QStandardItem;
            fill(item, text);
            items << item;
        }
        m_records.insert(insertAt, r);
        m_model->insertRow(insertAt++, items);
    }
    m_newestId = newest;
}

} // namespace lockscope
