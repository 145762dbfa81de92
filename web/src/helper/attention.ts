// Getting a busy helper's attention: a short tone, a desktop notification (permission asked once, from a button)
// and a flashing title while the page is in the background.
const ASKED_KEY = 'parakeet.notifications.asked';

export class Attention {
  private flashTimer = 0;
  private audio: AudioContext | null = null;

  constructor(private readonly title: string) {
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.stopFlash();
    });
  }

  /** Whether to offer the "enable notifications" button: never asked yet, and the browser can. */
  canAsk(): boolean {
    if (!('Notification' in window) || Notification.permission !== 'default') return false;
    try {
      return localStorage.getItem(ASKED_KEY) !== 'yes';
    } catch {
      return true;
    }
  }

  async ask(): Promise<void> {
    try {
      localStorage.setItem(ASKED_KEY, 'yes');
    } catch {
      // asked anyway
    }
    await Notification.requestPermission();
  }

  alert(title: string, body: string): void {
    this.beep();
    if (!document.hidden && document.hasFocus()) return;
    this.flash(title);
    if ('Notification' in window && Notification.permission === 'granted') {
      new Notification(title, { body, tag: 'parakeet' });
    }
  }

  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const osc = this.audio.createOscillator();
      const gain = this.audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, this.audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, this.audio.currentTime + 0.25);
      osc.connect(gain).connect(this.audio.destination);
      osc.start();
      osc.stop(this.audio.currentTime + 0.25);
    } catch {
      // no audio output
    }
  }

  private flash(text: string): void {
    if (this.flashTimer) return;
    let on = false;
    this.flashTimer = window.setInterval(() => {
      on = !on;
      document.title = on ? `• ${text}` : this.title;
    }, 1000);
  }

  private stopFlash(): void {
    window.clearInterval(this.flashTimer);
    this.flashTimer = 0;
    document.title = this.title;
  }
}
