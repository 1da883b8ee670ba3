"""The canonical body of a stored record: one exact text, however it is computed."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

from backoffice_core.money import Money
from backoffice_core.records import body_json


class Holder(BaseModel):
    """A record holding any JSON value next to typed fields."""

    model_config = ConfigDict(frozen=True)

    data: Any
    when: date = date(2026, 1, 31)
    amount: Money = Money("1500.50", "USD")
    ratio: Decimal = Decimal("0.125")


def reference(record: BaseModel) -> str:
    """The form bodies have always had: sorted keys, compact, non-ASCII kept."""
    return json.dumps(
        record.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


class TestBodyJson:
    @given(JSON)
    def test_body_is_the_reference_text(self, data: Any) -> None:
        """Any JSON value, nested or not, gives exactly the reference text."""
        record = Holder(data=data)
        assert body_json(record) == reference(record)

    def test_special_characters_keep_their_form(self) -> None:
        """Quotes, control characters, separators and non-ASCII text are written as before."""
        record = Holder(data={"é": 'a"b\\c\n\t\x01\u2028', "b": [1.5, -0.0, 10**30]})
        assert body_json(record) == reference(record)
        assert '"é":"a\\"b\\\\c\\n\\t\\u0001\u2028"' in body_json(record)
