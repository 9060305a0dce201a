import type { PriceBreakdown } from '../../../src/gen/hotel/v1/rates_pb.js';
import { formatMoney, formatNight } from '../lib/format.js';

/** Before tax, taxes, after tax, with the nights behind them on demand. */
export function PriceTable({ price }: { price: PriceBreakdown | undefined }) {
  if (!price) return null;
  return (
    <div className="price-breakdown">
      <dl>
        <dt>Before tax</dt>
        <dd>{formatMoney(price.beforeTax)}</dd>
        <dt>VAT</dt>
        <dd>{formatMoney(price.vat)}</dd>
        <dt>City tax</dt>
        <dd>{formatMoney(price.cityTax)}</dd>
        <dt>Taxes</dt>
        <dd>{formatMoney(price.taxes)}</dd>
        <dt className="total">Total</dt>
        <dd className="total">{formatMoney(price.afterTax)}</dd>
      </dl>
      {price.nights.length > 0 && (
        <details>
          <summary>Price per night</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Night</th>
                <th scope="col">Before tax</th>
                <th scope="col">Taxes</th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {price.nights.map((night) => (
                <tr key={night.date}>
                  <th scope="row">{formatNight(night.date)}</th>
                  <td>{formatMoney(night.beforeTax)}</td>
                  <td>
                    {formatMoney(
                      night.vat && night.cityTax ? { currencyCode: night.vat.currencyCode, amountMinor: night.vat.amountMinor + night.cityTax.amountMinor } : night.vat,
                    )}
                  </td>
                  <td>{formatMoney(night.afterTax)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
