"""How each need is named to residents, in the order the finder offers them."""

from __future__ import annotations

from inclusion.i18n import _l
from inclusion.places.models import Need

NEED_LABELS = {
    Need.WIFI: _l("Free Wi-Fi"),
    Need.PUBLIC_PCS: _l("Computers you can use"),
    Need.DIGITAL_HELP: _l("Help from a person"),
    Need.DEVICE_LENDING: _l("Borrow a laptop or tablet"),
    Need.DATA_SIMS: _l("Free mobile data (SIM cards)"),
    Need.PRINTING: _l("Printing"),
}
