"""Where to train: the device (each graphics card found, or the CPU), the CPU's thread count and the precision."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from workbench.core.config import Precision, parse_device
from workbench.gui.threads.device_probe import DeviceInfo, cpu_device


def default_threads() -> int:
    """All cores but one, so the window stays responsive while the CPU trains."""
    return max(1, (os.cpu_count() or 2) - 1)


class DevicePicker(QGroupBox):
    """The "Where to train" box. `deviceChanged(memory_bytes, label)` when the device or thread count changes,
    `precisionChanged(precision)` when the number format does."""

    deviceChanged = Signal("qint64", str)  # memory in bytes (GPU memory, or RAM for the CPU), label
    precisionChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Where to train"), parent)
        self._devices: list[DeviceInfo] = [cpu_device()]
        self._idle = True
        self.form = wf = QFormLayout(self)
        self.device_box = QComboBox()
        self.device_box.setToolTip(
            self.tr(
                "The processor that trains the model. A graphics card (GPU) is much faster; "
                "Automatic picks the best one found."
            )
        )
        self.device_box.currentIndexChanged.connect(self._on_device_changed)
        wf.addRow(self.tr("&Device:"), self.device_box)
        self.threads_box = QSpinBox()
        self.threads_box.setRange(1, max(1, os.cpu_count() or 1))
        self.threads_box.setValue(default_threads())
        self.threads_box.setToolTip(
            self.tr(
                "How many CPU cores training may use when it runs on the CPU. One core is left free by default "
                "so the window stays responsive (this computer has {value})."
            ).format(value=os.cpu_count() or 1)
        )
        self.threads_box.valueChanged.connect(lambda _v: self._on_device_changed())
        wf.addRow(self.tr("CP&U threads:"), self.threads_box)
        self.precision_box = QComboBox()
        for text, value, tip in (
            (
                self.tr("Automatic"),
                Precision.AUTO,
                self.tr("bfloat16 where the hardware supports it, else full precision"),
            ),
            (self.tr("Full precision (fp32)"), Precision.FP32, self.tr("the safest choice; slower on modern GPUs")),
            (
                self.tr("Half precision (bf16)"),
                Precision.BF16,
                self.tr("faster on recent GPUs and CPUs, uses less memory"),
            ),
            (
                self.tr("Half precision (fp16)"),
                Precision.FP16,
                self.tr("for graphics cards without bf16 (older ones); not on the CPU"),
            ),
        ):
            self.precision_box.addItem(text, value.value)
            self.precision_box.setItemData(self.precision_box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.precision_box.setToolTip(
            self.tr(
                "Number format used while training. Automatic is right for almost everyone; choose full precision "
                "if the loss becomes NaN."
            )
        )
        self.precision_box.currentIndexChanged.connect(lambda _i: self.precisionChanged.emit(self.precision()))
        wf.addRow(self.tr("&Precision:"), self.precision_box)
        self._fill_devices(self._devices)

    def set_devices(self, devices: list[DeviceInfo]) -> None:
        """Offer these devices (GPUs first, the CPU last); called once torch has looked for them."""
        self._devices = list(devices) or [cpu_device()]
        self._fill_devices(self._devices)

    def devices(self) -> list[DeviceInfo]:
        return list(self._devices)

    def _fill_devices(self, devices: list[DeviceInfo]) -> None:
        previous = self.device_box.currentData()
        self.device_box.blockSignals(True)
        self.device_box.clear()
        best = devices[0]
        auto_text = (
            self.tr("Automatic") if best.kind == "cpu" else self.tr("Automatic ({label})").format(label=best.label)
        )
        self.device_box.addItem(auto_text, "auto")
        self.device_box.setItemData(0, self.tr("The fastest device found"), Qt.ItemDataRole.ToolTipRole)
        for d in devices:
            label = (
                self.tr("GPU {index}: {label}").format(index=parse_device(d.spec).index, label=d.label)
                if d.kind == "cuda"
                else d.label
            )
            self.device_box.addItem(label, d.spec)
        index = self.device_box.findData(previous) if previous is not None else 0
        self.device_box.setCurrentIndex(max(0, index))
        self.device_box.blockSignals(False)
        self._on_device_changed()

    def current_device(self) -> DeviceInfo:
        """The device training would use now (Automatic resolved to the best one found)."""
        spec = self.device_spec()
        if parse_device(spec).auto:
            return self._devices[0]
        return next((d for d in self._devices if d.spec == spec), self._devices[-1])

    def device_spec(self) -> str:
        """auto, cpu, cuda:N or mps, as the engine takes it."""
        return str(self.device_box.currentData() or "auto")

    def device_text(self) -> str:
        """For the status bar: GPU name and memory, or 'CPU (N threads)'."""
        d = self.current_device()
        n = self.threads_box.value()
        if d.kind != "cpu":
            return d.label
        return self.tr("CPU (1 thread)") if n == 1 else self.tr("CPU ({n} threads)").format(n=n)

    def threads(self) -> int | None:
        """The CPU threads training may use; None when it runs on a GPU."""
        return self.threads_box.value() if self.current_device().kind == "cpu" else None

    def precision(self) -> str:
        return str(self.precision_box.currentData() or "auto")

    def set_precision(self, precision: str) -> None:
        index = self.precision_box.findData(precision)
        if index >= 0:
            self.precision_box.setCurrentIndex(index)

    def _offer_fp16(self, offered: bool) -> None:
        """fp16 training needs a graphics card; on the CPU its item is greyed out (a choice already made stays)."""
        model = self.precision_box.model()
        index = self.precision_box.findData(Precision.FP16.value)
        item = model.item(index) if isinstance(model, QStandardItemModel) and index >= 0 else None
        if item is not None:
            item.setEnabled(offered)

    def set_idle(self, idle: bool) -> None:
        """While a run trains nothing here changes; the thread count only matters on the CPU."""
        self._idle = idle
        self.threads_box.setEnabled(idle and self.current_device().kind == "cpu")

    def _on_device_changed(self) -> None:
        d = self.current_device()
        self.threads_box.setEnabled(d.kind == "cpu" and self._idle)
        self._offer_fp16(d.kind != "cpu")
        self.deviceChanged.emit(d.memory_bytes, self.device_text())
