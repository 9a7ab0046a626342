import { describe, expect, it } from 'vitest';
import { stripAnalytics } from './allure.js';

describe('stripAnalytics', () => {
  it('removes the tag manager script and its inline config, keeps the report scripts', () => {
    const page = `<head><script>window.allure={}</script></head><body>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
    </script>
    <script>window.reportData = 1</script></body>`;
    const out = stripAnalytics(page);
    expect(out).not.toMatch(/googletagmanager|gtag|dataLayer/);
    expect(out).toContain('window.allure={}');
    expect(out).toContain('window.reportData = 1');
  });
});
