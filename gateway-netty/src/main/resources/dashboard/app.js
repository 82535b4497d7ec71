// The trading core's dashboard: sign in, load the current state over HTTP, then follow the engine's events over the
// WebSocket. Plain JavaScript, no build step. Every piece of data reaches the page through textContent (never as
// markup), and the gateway's Content-Security-Policy forbids inline scripts and styles besides.
'use strict';

(() =>
{
  const API = '/api/v1';
  const SESSION_KEY = 'tradingcore.session';
  const QUOTES_KEY = 'tradingcore.quotes';
  const MAX_FILLS = 50;
  const MAX_ALERTS = 50;
  const MAX_POINTS = 5000;
  const RENDER_DELAY_MS = 16;
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 30000;
  // An order in one of these states has left the book: its row goes.
  const CLOSED_ORDER_STATES = new Set(['filled', 'cancelled', 'canceled', 'rejected', 'expired', 'done']);

  const byId = (id) => document.getElementById(id);

  // ---- small DOM helpers: text only, never markup ----------------------------------------------------------------

  function cell(text, className)
  {
    const td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    if (className)
    {
      td.className = className;
    }
    return td;
  }

  function signClass(value)
  {
    const n = Number(value);
    return n > 0 ? 'num pos' : n < 0 ? 'num neg' : 'num';
  }

  function timeText(ms)
  {
    if (typeof ms !== 'number' || !Number.isFinite(ms))
    {
      return '';
    }
    return new Date(ms).toLocaleTimeString();
  }

  function setStatus(text, kind)
  {
    const line = byId('status-line');
    line.textContent = text;
    line.className = kind || '';
  }

  // ---- the session: tokens in sessionStorage, refreshed before they expire ---------------------------------------

  let session = null;
  let refreshTimer = null;
  let refreshing = null;

  class ApiError extends Error
  {
    constructor(status, reason)
    {
      super(reason);
      this.status = status;
    }
  }

  function loadSession()
  {
    try
    {
      const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      if (stored && typeof stored.accessToken === 'string' && typeof stored.refreshToken === 'string')
      {
        return stored;
      }
    }
    catch (ignored)
    {
      // A damaged entry is as good as none: sign in again.
    }
    return null;
  }

  function storeTokens(tokens, tenant, username)
  {
    session = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAtMs: Date.now() + Number(tokens.expiresIn) * 1000,
      lifetimeMs: Number(tokens.expiresIn) * 1000,
      tenant: tenant !== undefined ? tenant : session && session.tenant,
      username: username !== undefined ? username : session && session.username,
    };
    sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    scheduleRefresh();
  }

  function scheduleRefresh()
  {
    clearTimeout(refreshTimer);
    if (!session)
    {
      return;
    }
    // Refresh a quarter of the lifetime (at most a minute) before expiry, so a slow answer still lands in time.
    const margin = Math.min(60000, (session.lifetimeMs || 60000) / 4);
    const delay = Math.max(1000, session.expiresAtMs - Date.now() - margin);
    refreshTimer = setTimeout(() => refresh(), delay);
  }

  // One refresh at a time: the refresh token rotates, and spending it twice would revoke the whole family.
  function refresh()
  {
    if (!session)
    {
      return Promise.resolve(false);
    }
    if (!refreshing)
    {
      const spent = session.refreshToken;
      refreshing = call('POST', '/auth/refresh', { refreshToken: spent }, { auth: false })
        .then((tokens) =>
        {
          if (session && session.refreshToken === spent)
          {
            storeTokens(tokens);
          }
          return true;
        })
        .catch((error) =>
        {
          if (error instanceof ApiError)
          {
            signedOut('Session ended: ' + error.message);
            return false;
          }
          // The network, not the token: try again shortly.
          refreshTimer = setTimeout(() => refresh(), 5000);
          return false;
        })
        .finally(() =>
        {
          refreshing = null;
        });
    }
    return refreshing;
  }

  async function ensureFreshToken()
  {
    if (session && session.expiresAtMs - Date.now() < 5000)
    {
      await refresh();
    }
  }

  async function call(method, path, body, options)
  {
    const auth = !options || options.auth !== false;
    const retry = !options || options.retry !== false;
    const headers = { Accept: 'application/json' };
    if (body !== undefined)
    {
      headers['Content-Type'] = 'application/json';
    }
    if (auth)
    {
      if (!session)
      {
        throw new ApiError(401, 'not signed in');
      }
      headers.Authorization = 'Bearer ' + session.accessToken;
    }
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
    if (response.status === 401 && auth && retry && session)
    {
      if (await refresh())
      {
        return call(method, path, body, { auth, retry: false });
      }
    }
    const text = await response.text();
    let data = null;
    try
    {
      data = text ? JSON.parse(text) : null;
    }
    catch (ignored)
    {
      data = null;
    }
    if (!response.ok)
    {
      const reason = data && typeof data.error === 'string' ? data.error :
        'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '');
      throw new ApiError(response.status, reason);
    }
    return data;
  }

  // ---- the state the page shows ----------------------------------------------------------------------------------

  // A row's version is [sequence, index] of the event that wrote it; a snapshot row's is [sequence, Infinity]: it
  // reflects every event of its sequence. An event changes a row only when it is newer than the row's version.
  let state = freshState();

  function freshState()
  {
    return {
      snapshot: { order: 0, position: 0, account: 0 },
      orders: new Map(),
      positions: new Map(),
      accounts: new Map(),
      gone: new Map(),
      lastSequence: null,
      lastIndex: -1,
      resumeFrom: null,
      fills: [],
      alerts: [],
      quotes: new Map(),
      chart: { time: [], equity: [], pnl: [] },
      status: null,
      connected: false,
      events: 0,
    };
  }

  function newer(sequence, index, version)
  {
    return sequence > version[0] || (sequence === version[0] && index > version[1]);
  }

  const positionKey = (row) => row.accountId + ':' + row.symbol;
  const orderKey = (row) => String(row.orderId);
  const accountKey = (row) => String(row.accountId);

  function isClosedOrder(row)
  {
    return CLOSED_ORDER_STATES.has(String(row.status).toLowerCase()) ||
      (row.leaves !== undefined && row.leaves !== null && row.leaves !== '' && Number(row.leaves) === 0);
  }

  function isFlatPosition(row)
  {
    return Number(row.netQuantity) === 0;
  }

  function loadSnapshot(kind, map, key, answer)
  {
    state.snapshot[kind] = answer.sequence;
    map.clear();
    for (const item of answer.items || [])
    {
      map.set(key(item), Object.assign({}, item, { version: [answer.sequence, Infinity] }));
    }
  }

  // Applies an event to a keyed table once, whatever order or how often it arrives.
  function upsert(kind, map, key, event, remove)
  {
    if (event.sequence <= state.snapshot[kind])
    {
      return false;
    }
    const id = key(event);
    const known = map.get(id) || state.gone.get(kind + '/' + id);
    if (known && !newer(event.sequence, event.index, known.version))
    {
      return false;
    }
    const row = Object.assign({}, event, { version: [event.sequence, event.index] });
    if (remove(row))
    {
      map.delete(id);
      // Remember that it went, so that no older event brings it back.
      state.gone.set(kind + '/' + id, row);
    }
    else
    {
      map.set(id, row);
      state.gone.delete(kind + '/' + id);
    }
    return true;
  }

  function applyEvent(event)
  {
    if (typeof event.sequence !== 'number')
    {
      return;
    }
    const index = typeof event.index === 'number' ? event.index : 0;
    if (state.lastSequence !== null && !newer(event.sequence, index, [state.lastSequence, state.lastIndex]))
    {
      return;
    }
    state.lastSequence = event.sequence;
    state.lastIndex = index;
    // Every sequence before this one is complete here; a reconnect resumes after it and drops what it has seen.
    state.resumeFrom = Math.max(state.resumeFrom === null ? 0 : state.resumeFrom, event.sequence - 1);
    state.events += 1;
    const normalized = Object.assign({}, event, { index });
    switch (event.kind)
    {
      case 'order':
        upsert('order', state.orders, orderKey, normalized, isClosedOrder);
        markDirty('orders');
        break;
      case 'position':
        upsert('position', state.positions, positionKey, normalized, isFlatPosition);
        markDirty('positions');
        break;
      case 'account':
        if (upsert('account', state.accounts, accountKey, normalized, () => false))
        {
          addChartPoint(typeof event.timeMs === 'number' ? event.timeMs : Date.now());
        }
        markDirty('accounts');
        break;
      case 'fill':
        state.fills.unshift(normalized);
        state.fills.length = Math.min(state.fills.length, MAX_FILLS);
        markDirty('fills');
        break;
      case 'alert':
      case 'kill':
        state.alerts.unshift(normalized);
        state.alerts.length = Math.min(state.alerts.length, MAX_ALERTS);
        markDirty('alerts');
        break;
      default:
        break;
    }
    markDirty('status');
  }

  function addChartPoint(timeMs)
  {
    let equity = 0;
    let pnl = 0;
    for (const account of state.accounts.values())
    {
      equity += Number(account.equity) || 0;
      pnl += (Number(account.realizedPnl) || 0) + (Number(account.unrealizedPnl) || 0);
    }
    const chart = state.chart;
    const t = timeMs / 1000;
    const last = chart.time.length - 1;
    if (last >= 0 && t <= chart.time[last])
    {
      // uPlot wants times in order: a point at or before the last one updates it.
      chart.equity[last] = equity;
      chart.pnl[last] = pnl;
    }
    else
    {
      chart.time.push(t);
      chart.equity.push(equity);
      chart.pnl.push(pnl);
      if (chart.time.length > MAX_POINTS)
      {
        chart.time.shift();
        chart.equity.shift();
        chart.pnl.shift();
      }
    }
    markDirty('chart');
  }

  function handleFrame(frame)
  {
    switch (frame.type)
    {
      case 'event':
        applyEvent(frame);
        break;
      case 'quote':
        if (typeof frame.symbol === 'string')
        {
          state.quotes.set(frame.symbol, frame);
          markDirty('quotes');
        }
        break;
      case 'status':
        state.status = frame;
        markDirty('health');
        markDirty('latency');
        break;
      default:
        break;
    }
  }

  // ---- rendering, batched: many events in a burst cost one repaint ----------------------------------------------

  const dirty = new Set();
  let renderTimer = null;

  function markDirty(part)
  {
    dirty.add(part);
    if (renderTimer === null)
    {
      renderTimer = setTimeout(render, RENDER_DELAY_MS);
    }
  }

  function render()
  {
    renderTimer = null;
    const parts = Array.from(dirty);
    dirty.clear();
    for (const part of parts)
    {
      RENDERERS[part]();
    }
  }

  function row(key, cells)
  {
    const tr = document.createElement('tr');
    if (key !== null)
    {
      tr.dataset.key = key;
    }
    for (const td of cells)
    {
      tr.appendChild(td);
    }
    return tr;
  }

  function emptyRow(columns, text)
  {
    const td = cell(text, 'empty');
    td.colSpan = columns;
    return row(null, [td]);
  }

  function sortedValues(map, compare)
  {
    return Array.from(map.values()).sort(compare);
  }

  function renderPositions()
  {
    const rows = sortedValues(state.positions, (a, b) =>
      Number(a.accountId) - Number(b.accountId) || String(a.symbol).localeCompare(String(b.symbol)));
    byId('positions').replaceChildren(...(rows.length === 0 ? [emptyRow(6, 'No open positions')] : rows.map((p) =>
      row(positionKey(p), [
        cell(p.accountId), cell(p.symbol), cell(p.netQuantity, signClass(p.netQuantity)),
        cell(p.averagePrice, 'num'), cell(p.realizedPnl, signClass(p.realizedPnl)),
        cell(p.unrealizedPnl, signClass(p.unrealizedPnl)),
      ]))));
  }

  function renderOrders()
  {
    const rows = sortedValues(state.orders, (a, b) => Number(b.orderId) - Number(a.orderId));
    byId('orders').replaceChildren(...(rows.length === 0 ? [emptyRow(10, 'No open orders')] : rows.map((o) =>
    {
      const actions = cell('');
      const cancel = document.createElement('button');
      cancel.type = 'button';
      cancel.className = 'small';
      cancel.textContent = 'Cancel';
      cancel.addEventListener('click', () => cancelOrder(o, cancel));
      actions.appendChild(cancel);
      return row(orderKey(o), [
        cell(o.orderId), cell(o.clientOrderId), cell(o.accountId), cell(o.symbol), cell(o.side, 'side-' + o.side),
        cell(o.status), cell(o.quantity, 'num'), cell(o.leaves, 'num'), cell(o.price, 'num'), actions,
      ]);
    })));
  }

  function renderAccounts()
  {
    const rows = sortedValues(state.accounts, (a, b) => Number(a.accountId) - Number(b.accountId));
    byId('accounts').replaceChildren(...(rows.length === 0 ? [emptyRow(8, 'No accounts')] : rows.map((a) =>
      row(accountKey(a), [
        cell(a.accountId), cell(a.balance, 'num'), cell(a.equity, 'num'),
        cell(a.realizedPnl, signClass(a.realizedPnl)), cell(a.unrealizedPnl, signClass(a.unrealizedPnl)),
        cell(a.marginUsed, 'num'), cell(a.openOrders, 'num'), cell(a.halted ? 'halted' : 'active',
          a.halted ? 'bad' : 'good'),
      ]))));
    renderTicketAccounts(rows);
  }

  function renderTicketAccounts(accounts)
  {
    const select = byId('ticket-account');
    const chosen = select.value;
    const ids = accounts.map((a) => String(a.accountId));
    const current = Array.from(select.options).map((o) => o.value);
    if (ids.join(',') === current.join(','))
    {
      return;
    }
    select.replaceChildren(...ids.map((id) =>
    {
      const option = document.createElement('option');
      option.value = id;
      option.textContent = id;
      return option;
    }));
    if (ids.includes(chosen))
    {
      select.value = chosen;
    }
  }

  function renderFills()
  {
    byId('fills').replaceChildren(...(state.fills.length === 0 ? [emptyRow(9, 'No fills yet')] :
      state.fills.map((f) => row(f.sequence + ':' + f.index, [
        cell(timeText(f.timeMs)), cell(f.accountId), cell(f.symbol), cell(f.side, 'side-' + f.side),
        cell(f.quantity, 'num'), cell(f.price, 'num'), cell(f.realizedPnl, signClass(f.realizedPnl)),
        cell(f.commission, 'num'), cell(f.orderId),
      ]))));
  }

  function renderAlerts()
  {
    const list = byId('alerts');
    if (state.alerts.length === 0)
    {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No alerts';
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...state.alerts.map((a) =>
    {
      const li = document.createElement('li');
      li.className = a.kind === 'kill' ? 'alert kill' : 'alert';
      li.dataset.key = a.sequence + ':' + a.index;
      const head = document.createElement('strong');
      const body = document.createElement('span');
      const when = document.createElement('time');
      if (a.kind === 'kill')
      {
        head.textContent = 'Kill switch (' + (a.scope || 'all') + ')';
        body.textContent = [
          a.accountId !== undefined && a.accountId !== null ? 'account ' + a.accountId : '',
          a.reason || '', a.cancelledOrders !== undefined ? a.cancelledOrders + ' orders cancelled' : '',
        ].filter((s) => s !== '').join(' · ');
      }
      else
      {
        head.textContent = (a.alertKind || 'alert') + (a.accountId !== undefined ? ' · account ' + a.accountId : '');
        body.textContent = a.text || '';
      }
      when.textContent = timeText(a.timeMs);
      li.append(head, ' ', body, ' ', when);
      return li;
    }));
  }

  function renderQuotes()
  {
    const rows = Array.from(state.quotes.values()).sort((a, b) => a.symbol.localeCompare(b.symbol));
    byId('quotes').replaceChildren(...(rows.length === 0 ? [emptyRow(4, 'No quotes yet')] : rows.map((q) =>
      row(q.symbol, [cell(q.symbol), cell(q.bid, 'num'), cell(q.ask, 'num'), cell(timeText(q.timeMs))]))));
  }

  function renderHealth()
  {
    const components = state.status && Array.isArray(state.status.components) ? state.status.components : [];
    const list = byId('health');
    if (components.length === 0)
    {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'No status yet';
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...components.map((c) =>
    {
      const li = document.createElement('li');
      li.dataset.key = c.name;
      const badge = document.createElement('span');
      badge.className = 'badge status-' + String(c.status).replace(/[^a-z]/gi, '');
      badge.textContent = c.status;
      const name = document.createElement('strong');
      name.textContent = c.name;
      const detail = document.createElement('span');
      detail.className = 'detail';
      const parts = [];
      if (c.lag !== undefined && c.lag !== null)
      {
        parts.push('lag ' + c.lag);
      }
      if (typeof c.lastSeenMs === 'number')
      {
        // An epoch time (a date) or an age: anything past 2001 is a date.
        const age = c.lastSeenMs > 1e12 ? Date.now() - c.lastSeenMs : c.lastSeenMs;
        parts.push('seen ' + (age < 1000 ? age + ' ms' : Math.round(age / 1000) + ' s') + ' ago');
      }
      if (c.detail)
      {
        parts.push(c.detail);
      }
      detail.textContent = parts.join(' · ');
      li.append(badge, ' ', name, ' ', detail);
      return li;
    }));
  }

  function microseconds(us)
  {
    if (typeof us !== 'number')
    {
      return '–';
    }
    return us >= 1000 ? (us / 1000).toFixed(us >= 10000 ? 0 : 1) + ' ms' : us + ' µs';
  }

  function renderLatency()
  {
    const latency = state.status && state.status.latency;
    const box = byId('latency');
    if (!latency)
    {
      box.textContent = 'No measurements yet';
      return;
    }
    const summary = document.createElement('p');
    summary.className = 'summary';
    summary.textContent = 'p50 ' + microseconds(latency.p50Us) + ' · p99 ' + microseconds(latency.p99Us) +
      ' · p99.9 ' + microseconds(latency.p999Us) + ' · max ' + microseconds(latency.maxUs);
    const buckets = Array.isArray(latency.buckets) ? latency.buckets : [];
    let first = buckets.findIndex((b) => b[1] > 0);
    let last = buckets.length - 1 - [...buckets].reverse().findIndex((b) => b[1] > 0);
    if (first < 0)
    {
      first = 0;
      last = -1;
    }
    const shown = buckets.slice(first, last + 1);
    const most = Math.max(1, ...shown.map((b) => b[1]));
    const bars = document.createElement('ol');
    bars.className = 'bars';
    for (const [upperUs, count] of shown)
    {
      const li = document.createElement('li');
      const label = document.createElement('span');
      label.className = 'label';
      label.textContent = '≤ ' + microseconds(upperUs);
      const track = document.createElement('span');
      track.className = 'track';
      const bar = document.createElement('span');
      bar.className = 'bar';
      // A CSSOM property, which the Content-Security-Policy allows (unlike a style attribute).
      bar.style.width = (100 * count / most).toFixed(1) + '%';
      track.appendChild(bar);
      const value = document.createElement('span');
      value.className = 'count';
      value.textContent = String(count);
      li.append(label, track, value);
      bars.appendChild(li);
    }
    box.replaceChildren(summary, bars);
  }

  // ---- the equity and P&L chart (uPlot) ---------------------------------------------------------------------------

  let plot = null;

  function chartSize()
  {
    const box = byId('equity-chart');
    const width = Math.max(240, box.clientWidth || 600);
    return { width, height: width < 500 ? 200 : 260 };
  }

  function renderChart()
  {
    const box = byId('equity-chart');
    const chart = state.chart;
    const data = [chart.time, chart.equity, chart.pnl];
    if (typeof window.uPlot !== 'function')
    {
      box.textContent = 'Chart library not loaded';
      return;
    }
    if (plot === null)
    {
      if (box.hidden || box.offsetParent === null)
      {
        return;
      }
      const money = (u, values) => values.map((v) => v === null ? '' : Number(v).toLocaleString());
      plot = new window.uPlot(Object.assign(chartSize(), {
        series: [
          {},
          { label: 'Equity', scale: 'equity', stroke: '#1f6feb', width: 2, value: (u, v) => v === null ? '–' :
            v.toFixed(2) },
          { label: 'P&L', scale: 'pnl', stroke: '#d9822b', width: 2, value: (u, v) => v === null ? '–' :
            v.toFixed(2) },
        ],
        axes: [
          {},
          { scale: 'equity', values: money, size: 70 },
          { scale: 'pnl', side: 1, values: money, size: 60, grid: { show: false } },
        ],
        scales: { x: { time: true } },
        legend: { live: true },
      }), data, box);
      new ResizeObserver(() => plot.setSize(chartSize())).observe(box);
      return;
    }
    plot.setData(data);
  }

  const RENDERERS = {
    positions: renderPositions,
    orders: renderOrders,
    accounts: renderAccounts,
    fills: renderFills,
    alerts: renderAlerts,
    quotes: renderQuotes,
    health: renderHealth,
    latency: renderLatency,
    chart: renderChart,
    status: renderStatusLine,
  };

  function renderAll()
  {
    for (const part of Object.keys(RENDERERS))
    {
      markDirty(part);
    }
  }

  function renderStatusLine()
  {
    if (!session)
    {
      return;
    }
    const who = session.username + '@' + session.tenant;
    if (state.connected)
    {
      setStatus(who + ' · live · sequence ' + (state.lastSequence !== null ? state.lastSequence :
        state.resumeFrom), 'live');
    }
  }

  // ---- the WebSocket: resume after the last complete sequence, reconnect with backoff -----------------------------

  let socket = null;
  let reconnectTimer = null;
  let attempts = 0;

  function quoteSymbols()
  {
    const stored = localStorage.getItem(QUOTES_KEY);
    const text = stored !== null ? stored : '';
    const symbols = new Set(text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== ''));
    if (stored === null)
    {
      // Nothing chosen yet: what the account holds or works, else the ticket's symbol.
      for (const p of state.positions.values())
      {
        symbols.add(p.symbol);
      }
      for (const o of state.orders.values())
      {
        symbols.add(o.symbol);
      }
      if (symbols.size === 0)
      {
        symbols.add(byId('ticket-symbol').value.trim().toUpperCase() || 'EURUSD');
      }
    }
    return Array.from(symbols);
  }

  async function connect()
  {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (!session)
    {
      return;
    }
    await ensureFreshToken();
    if (!session)
    {
      return;
    }
    const url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/stream';
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () =>
    {
      if (socket !== ws || !session)
      {
        return;
      }
      ws.send(JSON.stringify({ type: 'auth', accessToken: session.accessToken }));
      const subscribe = { type: 'subscribe', quotes: quoteSymbols() };
      if (state.resumeFrom !== null)
      {
        subscribe.from = state.resumeFrom;
      }
      ws.send(JSON.stringify(subscribe));
      state.connected = true;
      markDirty('status');
    });
    ws.addEventListener('message', (message) =>
    {
      if (socket !== ws)
      {
        return;
      }
      attempts = 0;
      let frame;
      try
      {
        frame = JSON.parse(message.data);
      }
      catch (ignored)
      {
        return;
      }
      if (frame && typeof frame === 'object')
      {
        handleFrame(frame);
      }
    });
    ws.addEventListener('close', (closed) =>
    {
      if (socket !== ws)
      {
        return;
      }
      socket = null;
      state.connected = false;
      if (!session)
      {
        return;
      }
      if (closed.code === 4410)
      {
        // The gateway no longer keeps events after our place: load the state again and follow from its sequence.
        setStatus('Resuming from scratch (' + closed.reason + ')', 'warn');
        start();
        return;
      }
      if (closed.code === 4401)
      {
        // The token was refused: a fresh one first, then try again.
        refresh().then(() => session && reconnectLater('not authenticated', closed.code));
        return;
      }
      reconnectLater(closed.reason || 'connection closed', closed.code);
    });
  }

  function reconnectLater(reason, code)
  {
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempts) * (0.5 + Math.random() / 2);
    attempts = Math.min(attempts + 1, 16);
    setStatus('Disconnected (' + code + ': ' + reason + '); reconnecting in ' + (delay / 1000).toFixed(1) + ' s',
      'warn');
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delay);
  }

  function disconnect()
  {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    const ws = socket;
    socket = null;
    state.connected = false;
    if (ws)
    {
      ws.close(1000, 'bye');
    }
  }

  // ---- start: snapshots first, then the stream from the oldest of their sequences ---------------------------------

  let startAttempts = 0;

  async function start()
  {
    disconnect();
    state = freshState();
    showApp();
    renderAll();
    setStatus('Loading positions, orders and accounts…');
    let positions;
    let orders;
    let accounts;
    try
    {
      [positions, orders, accounts] = await Promise.all([
        call('GET', '/positions'), call('GET', '/orders'), call('GET', '/accounts')]);
    }
    catch (error)
    {
      if (!session)
      {
        return;
      }
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** startAttempts++);
      setStatus('Could not load the state: ' + error.message + '; trying again in ' + Math.round(delay / 1000) +
        ' s', 'error');
      reconnectTimer = setTimeout(start, delay);
      return;
    }
    startAttempts = 0;
    loadSnapshot('position', state.positions, positionKey, positions);
    loadSnapshot('order', state.orders, orderKey, orders);
    loadSnapshot('account', state.accounts, accountKey, accounts);
    // The stream resumes after the oldest snapshot, so nothing falls between; events a snapshot already reflects
    // are dropped by the per-kind and per-row sequences.
    state.resumeFrom = Math.min(positions.sequence, orders.sequence, accounts.sequence);
    if (state.accounts.size > 0)
    {
      addChartPoint(Date.now());
    }
    renderAll();
    loadHealth();
    loadMe();
    connect();
  }

  function loadHealth()
  {
    fetch('/health', { cache: 'no-store' })
      .then((response) => response.json())
      .then((health) =>
      {
        if (state.status === null && health && Array.isArray(health.components))
        {
          state.status = { components: health.components };
          markDirty('health');
        }
      })
      .catch(() => undefined);
  }

  function loadMe()
  {
    call('GET', '/me')
      .then((me) =>
      {
        byId('who').textContent = me.username + ' (' + me.role + ') · ' + me.tenant;
        const viewer = me.role === 'viewer';
        if (me.role === 'admin')
        {
          loadBilling();
        }
        byId('ticket-submit').disabled = viewer;
        if (viewer)
        {
          byId('ticket-result').textContent = 'Viewers cannot send orders.';
        }
      })
      .catch(() => undefined);
  }

  // ---- the admin's subscription and invoices: the documents open from blobs, as they need the bearer token ---------

  function loadBilling()
  {
    Promise.all([call('GET', '/subscription'), call('GET', '/invoices')])
      .then(([subscription, invoices]) =>
      {
        byId('billing-panel').hidden = false;
        const usage = subscription.usage || {};
        byId('subscription').textContent = 'Plan ' + subscription.tier + ' until ' + subscription.periodEnd +
          (subscription.pendingTier ? ' (then ' + subscription.pendingTier + ')' : '') + ' · orders today ' +
          (usage.ordersToday || 0) + ' of ' + (subscription.limits.ordersPerDay || 'unlimited') +
          (usage.limitedToday ? ' · new orders halted until tomorrow' : '') + ' · API calls today ' +
          (usage.apiCallsToday || 0);
        const items = invoices.items || [];
        byId('invoices').replaceChildren(...(items.length === 0 ? [emptyRow(5, 'No invoices yet')] :
          items.map((invoice) =>
          {
            const documents = cell('');
            for (const kind of ['html', 'pdf'])
            {
              const open = document.createElement('button');
              open.type = 'button';
              open.className = 'small';
              open.textContent = kind.toUpperCase();
              open.addEventListener('click', () => openDocument(invoice.number, kind));
              documents.appendChild(open);
            }
            return row('invoice:' + invoice.number, [cell(invoice.number), cell(invoice.period),
              cell(invoice.total, 'num'), cell(invoice.status), documents]);
          })));
      })
      .catch(() => undefined);
  }

  async function openDocument(number, kind)
  {
    const response = await fetch(API + '/invoices/' + encodeURIComponent(number) + '/' + kind, {
      headers: { Authorization: 'Bearer ' + session.accessToken },
      cache: 'no-store',
    });
    if (!response.ok)
    {
      setStatus('Invoice ' + number + ' could not be opened (HTTP ' + response.status + ')', 'error');
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function showApp()
  {
    byId('login-view').hidden = true;
    byId('app-view').hidden = false;
    byId('logout').hidden = false;
  }

  function showLogin()
  {
    byId('app-view').hidden = true;
    byId('login-view').hidden = false;
    byId('logout').hidden = true;
    byId('who').textContent = '';
  }

  function signedOut(message)
  {
    disconnect();
    clearTimeout(refreshTimer);
    session = null;
    sessionStorage.removeItem(SESSION_KEY);
    state = freshState();
    showLogin();
    setStatus(message, message.startsWith('Signed out') ? '' : 'error');
  }

  // ---- forms ------------------------------------------------------------------------------------------------------

  async function onLogin(submitted)
  {
    submitted.preventDefault();
    const tenant = byId('tenant').value.trim();
    const username = byId('username').value.trim();
    const password = byId('password').value;
    const button = byId('login-submit');
    button.disabled = true;
    setStatus('Signing in…');
    try
    {
      const tokens = await call('POST', '/auth/login', { tenant, username, password }, { auth: false });
      byId('password').value = '';
      storeTokens(tokens, tenant, username);
      await start();
    }
    catch (error)
    {
      setStatus('Login failed: ' + error.message, 'error');
    }
    finally
    {
      button.disabled = false;
    }
  }

  async function onLogout()
  {
    const ending = session;
    signedOut('Signed out');
    if (ending)
    {
      // Best effort: the tokens are gone from this page whatever the gateway answers.
      fetch(API + '/auth/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + ending.accessToken },
        body: JSON.stringify({ refreshToken: ending.refreshToken }),
      }).catch(() => undefined);
    }
  }

  let lastClientOrderId = 0;

  function nextClientOrderId()
  {
    lastClientOrderId = Math.max(Date.now(), lastClientOrderId + 1);
    return lastClientOrderId;
  }

  function showTicketResult(text, kind)
  {
    const result = byId('ticket-result');
    result.textContent = text;
    result.className = 'result ' + kind;
  }

  async function onTicket(submitted)
  {
    submitted.preventDefault();
    const type = byId('ticket-type').value;
    const accountId = Number(byId('ticket-account').value);
    if (!Number.isInteger(accountId) || byId('ticket-account').value === '')
    {
      showTicketResult('Choose an account', 'error');
      return;
    }
    const order = {
      clientOrderId: nextClientOrderId(),
      accountId,
      symbol: byId('ticket-symbol').value.trim().toUpperCase(),
      side: byId('ticket-side').value,
      type,
      quantity: byId('ticket-quantity').value.trim(),
    };
    if (type !== 'market')
    {
      order.price = byId('ticket-price').value.trim();
    }
    const tif = byId('ticket-tif').value;
    if (tif !== '')
    {
      order.timeInForce = tif;
    }
    const button = byId('ticket-submit');
    button.disabled = true;
    showTicketResult('Sending order ' + order.clientOrderId + '…', 'pending');
    try
    {
      const answer = await call('POST', '/orders', order);
      if (answer.status === 'accepted')
      {
        showTicketResult('Accepted: order ' + answer.orderId + ' (client ' + answer.clientOrderId + ')', 'accepted');
      }
      else
      {
        showTicketResult('Rejected: ' + (answer.reason || 'no reason given') + ' (client ' + answer.clientOrderId +
          ')', 'rejected');
      }
    }
    catch (error)
    {
      showTicketResult('Refused (' + error.status + '): ' + error.message, 'error');
    }
    finally
    {
      button.disabled = false;
    }
  }

  async function cancelOrder(order, button)
  {
    button.disabled = true;
    try
    {
      await call('DELETE', '/orders/' + encodeURIComponent(order.clientOrderId) + '?accountId=' +
        encodeURIComponent(order.accountId));
      showTicketResult('Cancel sent for order ' + order.orderId, 'pending');
    }
    catch (error)
    {
      showTicketResult('Cancel refused (' + error.status + '): ' + error.message, 'error');
      button.disabled = false;
    }
  }

  function onTypeChange()
  {
    const market = byId('ticket-type').value === 'market';
    byId('ticket-price').disabled = market;
    byId('ticket-price').required = !market;
  }

  function onQuotes(submitted)
  {
    submitted.preventDefault();
    localStorage.setItem(QUOTES_KEY, byId('quote-symbols').value);
    state.quotes.clear();
    markDirty('quotes');
    if (session)
    {
      // A new subscription is a new connection; it resumes where this one stopped.
      disconnect();
      attempts = 0;
      connect();
    }
  }

  function init()
  {
    byId('login-form').addEventListener('submit', onLogin);
    byId('logout').addEventListener('click', onLogout);
    byId('ticket').addEventListener('submit', onTicket);
    byId('ticket-type').addEventListener('change', onTypeChange);
    byId('quotes-form').addEventListener('submit', onQuotes);
    byId('quote-symbols').value = localStorage.getItem(QUOTES_KEY) || '';
    document.addEventListener('visibilitychange', () =>
    {
      // Timers sleep in background tabs: a tab brought back may hold an expired token.
      if (!document.hidden && session && session.expiresAtMs - Date.now() < 60000)
      {
        refresh();
      }
    });
    session = loadSession();
    if (session)
    {
      scheduleRefresh();
      start();
    }
    else
    {
      showLogin();
      setStatus('Not signed in');
    }
  }

  // For tests and the curious: the state the page shows, read-only by convention.
  window.tradingDashboard = {
    get state()
    {
      return state;
    },
    get lastSequence()
    {
      return state.lastSequence;
    },
    get connected()
    {
      return state.connected;
    },
  };

  init();
})();
