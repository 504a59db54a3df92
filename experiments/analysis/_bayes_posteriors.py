"""Posterior of the difference between two arms: Beta–Beta (rates) and normal (means), with the few
integrals the Bayesian readout needs: ``P(X − Y > s)``, ``E[(X − Y − s)+]`` and quantiles of ``X − Y``.

For Beta posteriors the integrals are one-dimensional over ``Y``'s density, with the inner
expectation in closed form (regularised incomplete beta functions):
``P(X > q) = 1 − I_q(a, b)`` and ``E[(X − q)+] = a/(a+b)·(1 − I_q(a + 1, b)) − q·(1 − I_q(a, b))``.
"""

from __future__ import annotations

import math

from scipy import integrate, optimize, special, stats


class BetaDifference:
    """``X − Y`` for independent ``X ~ Beta(a_x, b_x)`` and ``Y ~ Beta(a_y, b_y)``."""

    def __init__(self, a_x: float, b_x: float, a_y: float, b_y: float) -> None:
        self.x, self.y = (a_x, b_x), (a_y, b_y)
        self.mean = a_x / (a_x + b_x) - a_y / (a_y + b_y)
        self.sd = math.sqrt(sum(a * b / ((a + b) ** 2 * (a + b + 1)) for a, b in (self.x, self.y)))
        self._edges = tuple(float(v) for v in stats.beta.ppf([1e-15, 1 - 1e-15], a_y, b_y))
        self._log_norm = float(special.betaln(a_y, b_y))

    def _integrate(self, inner) -> float:
        """``E[inner(Y)]`` by adaptive quadrature over Y's support (mass outside: 2e-15)."""
        a, b = self.y

        def integrand(y: float) -> float:
            log_pdf = (a - 1) * math.log(y) + (b - 1) * math.log1p(-y) - self._log_norm
            return math.exp(log_pdf) * inner(y)

        value, _ = integrate.quad(
            integrand, *self._edges, limit=200, epsabs=1e-13, epsrel=1e-10, points=[a / (a + b)]
        )
        return value

    def prob_greater(self, shift: float = 0.0) -> float:
        """``P(X − Y > shift)``."""

        def survival(y: float) -> float:
            q = y + shift
            return 1.0 if q <= 0 else 0.0 if q >= 1 else float(1 - special.betainc(*self.x, q))

        return min(max(self._integrate(survival), 0.0), 1.0)

    def expected_excess(self, shift: float = 0.0) -> float:
        """``E[(X − Y − shift)+]``."""
        a, b = self.x
        mean_x = a / (a + b)

        def excess(y: float) -> float:
            q = y + shift
            if q <= 0:
                return mean_x - q
            if q >= 1:
                return 0.0
            return float(mean_x * (1 - special.betainc(a + 1, b, q)) - q * (1 - special.betainc(a, b, q)))

        return max(self._integrate(excess), 0.0)

    def quantile(self, level: float) -> float:
        """The ``level`` quantile of ``X − Y`` (root of its CDF, bracketed by ±12 sd)."""
        low, high = max(self.mean - 12 * self.sd, -1.0), min(self.mean + 12 * self.sd, 1.0)
        return float(optimize.brentq(lambda z: (1 - self.prob_greater(z)) - level, low, high, xtol=1e-11))


class NormalDifference:
    """``X − Y ~ N(mean, sd²)``."""

    def __init__(self, mean: float, sd: float) -> None:
        self.mean, self.sd = mean, sd

    def prob_greater(self, shift: float = 0.0) -> float:
        if self.sd == 0:
            return float(self.mean > shift)
        return float(special.ndtr((self.mean - shift) / self.sd))

    def expected_excess(self, shift: float = 0.0) -> float:
        m = self.mean - shift
        if self.sd == 0:
            return max(m, 0.0)
        z = m / self.sd
        return float(m * special.ndtr(z) + self.sd * math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi))

    def quantile(self, level: float) -> float:
        return float(self.mean + self.sd * special.ndtri(level))


def normal_posterior(
    n: int, mean: float, std: float, prior_mean: float, prior_sd: float
) -> tuple[float, float]:
    """(posterior mean, posterior sd) of an arm's mean with a known-variance normal likelihood."""
    data_precision = n / std**2 if std > 0 else math.inf
    prior_precision = 0.0 if math.isinf(prior_sd) else 1 / prior_sd**2
    if math.isinf(data_precision):
        return mean, 0.0
    precision = prior_precision + data_precision
    post_mean = (prior_precision * prior_mean + data_precision * mean) / precision
    return post_mean, math.sqrt(1 / precision)
