// What the guest form can prefill: the operating system from the browser, and what the embedding site passed to
// the widget (product, version, add-ons) as query parameters of this page.
export function guessOs(): string {
  const ua = navigator.userAgent;
  const rules: Array<[RegExp, string]> = [
    [/Windows NT 10/, 'Windows 10/11'],
    [/Windows/, 'Windows'],
    [/Android ([\d.]+)/, 'Android'],
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Mac OS X/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ];
  return rules.find(([re]) => re.test(ua))?.[1] ?? '';
}

export interface SiteDetails {
  product: string;
  version: string;
  os: string;
  addons: string[];
  referrer: string;
}

export function siteDetails(params: URLSearchParams): SiteDetails {
  return {
    product: params.get('product') ?? '',
    version: params.get('version') ?? '',
    os: params.get('os') ?? guessOs(),
    addons: (params.get('addons') ?? '').split(',').map((a) => a.trim()).filter(Boolean).slice(0, 100),
    referrer: params.get('referrer') ?? document.referrer,
  };
}
