#include "gui/historysettingsdialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace lockscope {

HistorySettingsDialog::HistorySettingsDialog(const HistorySettings& current, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("History settings"));
    m_path = new QLineEdit(current.path, this);
    m_path->setPlaceholderText(HistorySettings::defaultPath());
    m_path->setMinimumWidth(360);
    auto* browse = new QPushButton(tr("Choose…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("History file"),
            m_path->text().isEmpty() ? HistorySettings::defaultPath() : m_path->text(),
            tr("SQLite files (*.sqlite *.db)"), nullptr, QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            m_path->setText(file);
    });
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_days = new QSpinBox(this);
    m_days->setRange(1, 3650);
    m_days->setValue(current.retentionDays);
    m_days->setSuffix(tr(" days"));
    m_megabytes = new QSpinBox(this);
    m_megabytes->setRange(1, 1024 * 1024);
    m_megabytes->setValue(int(current.maxBytes >> 20));
    m_megabytes->setSuffix(tr(" MB"));
    auto* note = new QLabel(tr("What ended longer ago than the retention is deleted, and the "
                               "oldest rows go first when the file outgrows its cap. A new "
                               "location takes effect at the next start."),
                            this);
    note->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("File:"), pathRow);
    form->addRow(tr("Keep:"), m_days);
    form->addRow(tr("At most:"), m_megabytes);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

HistorySettings HistorySettingsDialog::settings() const {
    HistorySettings s;
    s.path = m_path->text().trimmed();
    s.retentionDays = m_days->value();
    s.maxBytes = int64_t(m_megabytes->value()) << 20;
    return s;
}

} // namespace lockscope
